// The events of estate.awards (DESIGN.md 2.1); how they combine is DOMAIN.md section 4.

extension EstateEvent {
    /// An award starts. Its nominal due dates are `firstDueDate` stepped by `frequency`.
    public struct AwardStarted: Hashable, Sendable {
        public let awardID: AwardID
        public let benefit: Benefit
        public let frequency: Frequency
        public let firstDueDate: CalendarDate
        /// `amountPence`: due on each nominal due date; 0 or more.
        public let amount: Pence
        /// The last nominal due date that is payable, when the award is not open-ended.
        public let endDate: CalendarDate?

        public init(awardID: AwardID, benefit: Benefit, frequency: Frequency, firstDueDate: CalendarDate,
                    amount: Pence, endDate: CalendarDate?) {
            precondition(amount >= .zero, "an award amount is never negative")
            self.awardID = awardID
            self.benefit = benefit
            self.frequency = frequency
            self.firstDueDate = firstDueDate
            self.amount = amount
            self.endDate = endDate
        }
    }

    /// The amount due on each nominal due date from `effectiveFrom` on.
    public struct AwardRateChanged: Hashable, Sendable {
        public let awardID: AwardID
        public let effectiveFrom: CalendarDate
        public let amount: Pence

        public init(awardID: AwardID, effectiveFrom: CalendarDate, amount: Pence) {
            precondition(amount >= .zero, "an award amount is never negative")
            self.awardID = awardID
            self.effectiveFrom = effectiveFrom
            self.amount = amount
        }
    }

    /// Nominal due dates from `from` on are not paid, until a later-dated AwardResumed.
    public struct AwardSuspended: Hashable, Sendable {
        public let awardID: AwardID
        public let from: CalendarDate

        public init(awardID: AwardID, from: CalendarDate) {
            self.awardID = awardID
            self.from = from
        }
    }

    /// Nominal due dates from `from` on are paid again.
    public struct AwardResumed: Hashable, Sendable {
        public let awardID: AwardID
        public let from: CalendarDate

        public init(awardID: AwardID, from: CalendarDate) {
            self.awardID = awardID
            self.from = from
        }
    }

    /// The award ends: `endDate` is the last nominal due date that is payable.
    public struct AwardEnded: Hashable, Sendable {
        public let awardID: AwardID
        public let endDate: CalendarDate

        public init(awardID: AwardID, endDate: CalendarDate) {
            self.awardID = awardID
            self.endDate = endDate
        }
    }

    /// `amount` is deducted from each payment due from `from` to `to` (open-ended when nil).
    /// A later DeductionSet with the same `deductionID` replaces this one.
    public struct DeductionSet: Hashable, Sendable {
        public let awardID: AwardID
        public let deductionID: DeductionID
        public let amount: Pence
        public let from: CalendarDate
        public let to: CalendarDate?

        public init(awardID: AwardID, deductionID: DeductionID, amount: Pence, from: CalendarDate, to: CalendarDate?) {
            precondition(amount >= .zero, "a deduction is never negative")
            self.awardID = awardID
            self.deductionID = deductionID
            self.amount = amount
            self.from = from
            self.to = to
        }
    }
}
