// The event of estate.payments (DESIGN.md 2.1).

extension EstateEvent {
    /// The estate paid `amount` for the award's nominal due date `dueDate`. Backstop never
    /// pays that award and due date again (PAID_BY_ESTATE, DOMAIN.md section 4), and shadow
    /// reconciliation compares the amount with its own (DESIGN.md section 5).
    public struct PaymentIssued: Hashable, Sendable {
        public let awardID: AwardID
        public let dueDate: CalendarDate
        public let amount: Pence

        public init(awardID: AwardID, dueDate: CalendarDate, amount: Pence) {
            precondition(amount >= .zero, "a payment is never negative")
            self.awardID = awardID
            self.dueDate = dueDate
            self.amount = amount
        }
    }
}
