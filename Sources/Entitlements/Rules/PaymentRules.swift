/// The payment rules of DOMAIN.md 3–4 for one award: which nominal due dates fall in a run's
/// window, how much each is, and whether it is paid or excluded (and why).
public struct PaymentRules: Sendable {
    public let calendar: PaymentCalendar
    public let settings: RuleSettings

    public init(calendar: PaymentCalendar, settings: RuleSettings) {
        self.calendar = calendar
        self.settings = settings
    }

    /// The due dates to consider for a window: those whose payment date can fall in it.
    ///
    /// A payment date is never after its due date, so due dates before `from` cannot belong.
    /// A due date after `to` belongs when it and every day back to `to` are non-working (the
    /// payment moves back into the window: a due date on Monday 28 December 2026 pays on
    /// Thursday 24th). Once a working day `w` after `to` is reached, every due date from `w`
    /// on pays on `w` or later. So scanning `from` up to the day before the first working day
    /// after `to` is exact, however long a holiday run the override file creates.
    public func dueDateRange(for window: PaymentWindow) -> ClosedRange<CalendarDate> {
        window.from...calendar.nextWorkingDay(after: window.to).adding(days: -1)
    }

    /// Every due payment of `award` in `window`, each with one disposition, in due-date order.
    ///
    /// `earliestPaymentDate` is the run's earliest payment date (DOMAIN.md 3, late payments;
    /// `PaymentCalendar.earliestPaymentDate(creationDate:)`): a payment whose scheduled payment
    /// date is before it is paid on it instead, keeping its due date, amount and paymentId. The
    /// window still selects by the scheduled date. nil applies no such rule (reconciling what
    /// the estate paid, say, compares scheduled dates).
    public func duePayments(
        award: AwardFacts, claimant: ClaimantFacts?, window: PaymentWindow, scope: BenefitScope,
        ledger: some PaymentLedger, earliestPaymentDate: CalendarDate? = nil
    ) -> [DuePayment] {
        precondition(claimant.map { $0.nino == award.nino } ?? true, "claimant facts must be for the award's NINO")
        let dueDates = NominalDueDates.dates(firstDueDate: award.firstDueDate, frequency: award.frequency, in: dueDateRange(for: window))
        var result: [DuePayment] = []
        guard !dueDates.isEmpty else { return result }
        let timeline = AwardTimeline(award)
        for dueDate in dueDates {
            let scheduled = calendar.paymentDate(forDueDate: dueDate)
            guard window.contains(scheduled) else { continue }
            let paymentDate = earliestPaymentDate.map { max($0, scheduled) } ?? scheduled
            let paymentID = PaymentID(awardID: award.awardID, dueDate: dueDate)
            let amount = timeline.amount(on: dueDate)
            let disposition = decide(
                award: award, timeline: timeline, claimant: claimant, dueDate: dueDate, amount: amount,
                paymentID: paymentID, scope: scope, ledger: ledger)
            result.append(DuePayment(
                paymentID: paymentID, awardID: award.awardID, nino: award.nino, benefit: award.benefit,
                dueDate: dueDate, paymentDate: paymentDate, scheduledPaymentDate: scheduled, amount: amount,
                disposition: disposition))
        }
        return result
    }

    /// DOMAIN.md 4's table, checked in its order: the first reason that applies wins.
    private func decide(
        award: AwardFacts, timeline: AwardTimeline, claimant: ClaimantFacts?, dueDate: CalendarDate,
        amount: Pence, paymentID: PaymentID, scope: BenefitScope, ledger: some PaymentLedger
    ) -> DuePayment.Disposition {
        if !scope.includes(award.benefit) { return .exclude(.notInScope) }
        if timeline.hasEnded(before: dueDate) { return .exclude(.ended) }
        if timeline.isSuspended(on: dueDate) { return .exclude(.suspended) }
        guard let claimant, let bank = claimant.bank else { return .exclude(.noClaimant) }
        if let death = claimant.dateOfDeath, death < dueDate { return .exclude(.deceased) }
        if bank.accountName.isEmpty { return .exclude(.invalidBankDetails) }
        if let checker = settings.modulusChecker, !checker.passes(sortCode: bank.sortCode, accountNumber: bank.accountNumber) {
            return .exclude(.invalidBankDetails)
        }
        if award.paidByEstate.contains(dueDate) { return .exclude(.paidByEstate) }
        if ledger.contains(paymentID) { return .exclude(.paidByBackstop) }
        if amount == .zero { return .exclude(.zeroAmount) }
        if amount > settings.itemLimit { return .exclude(.overItemLimit) }
        return .pay(bank)
    }
}
