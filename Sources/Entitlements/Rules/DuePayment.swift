/// One nominal due date of one award whose payment date falls in a run's window, with what
/// the rules decided (DOMAIN.md 3–4): paid to the bank details, or excluded for one reason.
public struct DuePayment: Hashable, Sendable {
    public enum Disposition: Hashable, Sendable {
        case pay(BankDetails)
        case exclude(ExclusionReason)
    }

    public let paymentID: PaymentID
    public let awardID: AwardID
    public let nino: NINO
    public let benefit: Benefit
    public let dueDate: CalendarDate
    public let paymentDate: CalendarDate
    /// Rate minus deductions, floored at zero; computed for excluded payments too, so the
    /// run's excluded pence are known.
    public let amount: Pence
    public let disposition: Disposition

    public init(
        paymentID: PaymentID, awardID: AwardID, nino: NINO, benefit: Benefit,
        dueDate: CalendarDate, paymentDate: CalendarDate, amount: Pence, disposition: Disposition
    ) {
        precondition(amount >= .zero, "a due payment's amount is never negative")
        precondition(paymentDate <= dueDate, "a payment date never comes after its due date")
        self.paymentID = paymentID
        self.awardID = awardID
        self.nino = nino
        self.benefit = benefit
        self.dueDate = dueDate
        self.paymentDate = paymentDate
        self.amount = amount
        self.disposition = disposition
    }

    public var exclusion: ExclusionReason? {
        if case .exclude(let reason) = disposition { reason } else { nil }
    }

    public var bankDetails: BankDetails? {
        if case .pay(let details) = disposition { details } else { nil }
    }
}
