/// One nominal due date of one award whose payment date falls in a run's window, with what
/// the rules decided (DOMAIN.md 3–4): paid to the bank details, or excluded for one reason.
///
/// `scheduledPaymentDate` is the payment date the calendar gives the due date; `paymentDate`
/// is the date it is paid on: the same, or, for a payment the run can no longer make on time,
/// the run's earliest payment date (a late payment, DOMAIN.md 3). The window selects by the
/// scheduled date; files are cut by the payment date.
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
    /// The date the payment is made on (the entry day of its file).
    public let paymentDate: CalendarDate
    /// The payment date the calendar gives `dueDate`; before `paymentDate` when paid late.
    public let scheduledPaymentDate: CalendarDate
    /// Rate minus deductions, floored at zero; computed for excluded payments too, so the
    /// run's excluded pence are known.
    public let amount: Pence
    public let disposition: Disposition

    public init(
        paymentID: PaymentID, awardID: AwardID, nino: NINO, benefit: Benefit,
        dueDate: CalendarDate, paymentDate: CalendarDate, scheduledPaymentDate: CalendarDate? = nil,
        amount: Pence, disposition: Disposition
    ) {
        let scheduled = scheduledPaymentDate ?? paymentDate
        precondition(amount >= .zero, "a due payment's amount is never negative")
        precondition(scheduled <= dueDate, "a scheduled payment date never comes after its due date")
        precondition(scheduled <= paymentDate, "a payment is never made before its scheduled payment date")
        self.paymentID = paymentID
        self.awardID = awardID
        self.nino = nino
        self.benefit = benefit
        self.dueDate = dueDate
        self.paymentDate = paymentDate
        self.scheduledPaymentDate = scheduled
        self.amount = amount
        self.disposition = disposition
    }

    /// Paid after the date the calendar gave it, because the run could not reach that date.
    public var isLate: Bool { paymentDate != scheduledPaymentDate }

    public var exclusion: ExclusionReason? {
        if case .exclude(let reason) = disposition { reason } else { nil }
    }

    public var bankDetails: BankDetails? {
        if case .pay(let details) = disposition { details } else { nil }
    }
}
