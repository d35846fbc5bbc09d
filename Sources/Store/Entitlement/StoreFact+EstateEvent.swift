import Entitlements

extension StoreFact {
    /// The fact an estate event records (DESIGN.md 2.1), stamped with the offset of its record.
    public init(_ event: EstateEvent, arrival: Arrival) {
        let nino = event.nino
        func award(_ awardID: AwardID, _ change: AwardChange) -> StoreFact {
            .award(AwardFact(awardID: awardID, nino: nino, change: change))
        }
        switch event {
        case .claimantUpserted(_, let upsert):
            self = .claimant(ClaimantRecord(
                nino: nino, name: upsert.name, dateOfBirth: upsert.dateOfBirth, bank: upsert.bank, arrival: arrival))
        case .claimantDied(_, let death):
            self = .death(DeathRecord(nino: nino, dateOfDeath: death.dateOfDeath, arrival: arrival))
        case .awardStarted(_, let start):
            self = award(start.awardID, .started(AwardStart(
                benefit: start.benefit, frequency: start.frequency, firstDueDate: start.firstDueDate,
                amount: start.amount, endDate: start.endDate, arrival: arrival)))
        case .awardRateChanged(_, let rate):
            self = award(rate.awardID, .rateChanged(RateChange(effectiveFrom: rate.effectiveFrom, amount: rate.amount, arrival: arrival)))
        case .awardSuspended(_, let suspension):
            self = award(suspension.awardID, .suspension(SuspensionChange(from: suspension.from, isSuspended: true, arrival: arrival)))
        case .awardResumed(_, let resumption):
            self = award(resumption.awardID, .suspension(SuspensionChange(from: resumption.from, isSuspended: false, arrival: arrival)))
        case .awardEnded(_, let end):
            self = award(end.awardID, .ended(AwardEnd(endDate: end.endDate, arrival: arrival)))
        case .deductionSet(_, let deduction):
            self = award(deduction.awardID, .deductionSet(Deduction(
                id: deduction.deductionID, amount: deduction.amount, from: deduction.from, to: deduction.to, arrival: arrival)))
        case .paymentIssued(_, let payment):
            self = .paid(PaidMarker(awardID: payment.awardID, nino: nino, dueDate: payment.dueDate, amount: payment.amount, arrival: arrival))
        }
    }
}

extension StoreUpdate {
    /// Adds the fact of `event`, read at `offset` of estate partition `partition`.
    public mutating func append(_ event: EstateEvent, partition: Int32, offset: Int64) {
        append(StoreFact(event, arrival: Arrival(offset: offset)), partition: partition)
    }
}
