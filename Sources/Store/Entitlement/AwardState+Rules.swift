import Entitlements

extension AwardState {
    /// The award as the payment rules take it (`PaymentRules.duePayments`), or `nil` when no
    /// `AwardStarted` has arrived: such an award has no schedule and owes nothing; the run report
    /// counts it (DESIGN.md section 6). Arrivals become the rules' sequences.
    public var awardFacts: AwardFacts? {
        guard let start else { return nil }
        func sequence(_ arrival: Arrival) -> AwardFacts.Sequence { AwardFacts.Sequence(arrival.offset) }
        return AwardFacts(
            awardID: awardID, nino: nino, benefit: start.benefit, frequency: start.frequency,
            firstDueDate: start.firstDueDate, startAmount: start.amount, startEndDate: start.endDate,
            rateChanges: rateChanges.map {
                AwardFacts.RateChange(effectiveFrom: $0.effectiveFrom, amount: $0.amount, sequence: sequence($0.arrival))
            },
            suspensionChanges: suspensions.map {
                AwardFacts.SuspensionChange($0.isSuspended ? .suspended : .resumed, from: $0.from, sequence: sequence($0.arrival))
            },
            endings: end.map { [AwardFacts.Ending(endDate: $0.endDate, sequence: sequence($0.arrival))] } ?? [],
            deductions: deductions.map {
                AwardFacts.Deduction(deductionID: $0.id.value, amount: $0.amount, from: $0.from, to: $0.to, sequence: sequence($0.arrival))
            },
            paidByEstate: Set(paidByEstate.map(\.dueDate)))
    }

    /// The claimant as the payment rules take it; `nil` when nothing at all is known of it.
    /// Bank details are folded for the file here (`BankDetails` folds the account name).
    public var claimantFacts: ClaimantFacts? {
        guard claimant.record != nil || claimant.death != nil else { return nil }
        return ClaimantFacts(nino: nino, bank: claimant.record?.bank, dateOfDeath: claimant.death?.dateOfDeath)
    }

    /// The payments of this award already in the ledger (PAID_BY_BACKSTOP), for the due dates read.
    public var ledgerPaymentIDs: Set<PaymentID> {
        Set(ledger.map(\.paymentID))
    }
}
