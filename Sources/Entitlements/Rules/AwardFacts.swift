/// What is known about one award, as plain values (DESIGN.md 2.1, DOMAIN.md 4): the store
/// builds it from the estate topics, tests build it directly.
///
/// Events are interpreted by their dates, not their arrival order, except where two carry
/// the same date: then the one that arrived later wins. So each event keeps its `sequence`,
/// a number that grows with arrival (the store uses the input partition offset, which orders
/// every event of one claimant because the estate topics are co-partitioned by NINO and each
/// event type of an award lives on one topic).
///
/// Codable so the store can keep it; decoding trusts what the store wrote.
public struct AwardFacts: Hashable, Sendable, Codable {
    /// Where an event sits in arrival order; larger arrived later.
    public typealias Sequence = UInt64

    /// An AwardRateChanged: from `effectiveFrom`, the rate is `amount`.
    public struct RateChange: Hashable, Sendable, Codable {
        public let effectiveFrom: CalendarDate
        public let amount: Pence
        public let sequence: Sequence
        public init(effectiveFrom: CalendarDate, amount: Pence, sequence: Sequence) {
            precondition(amount >= .zero, "a rate is never negative (DESIGN.md 6 refuses negative amounts)")
            self.effectiveFrom = effectiveFrom
            self.amount = amount
            self.sequence = sequence
        }
    }

    /// An AwardSuspended or AwardResumed, from a date.
    public struct SuspensionChange: Hashable, Sendable, Codable {
        public enum Kind: String, Hashable, Sendable, Codable { case suspended, resumed }
        public let kind: Kind
        public let from: CalendarDate
        public let sequence: Sequence
        public init(_ kind: Kind, from: CalendarDate, sequence: Sequence) {
            self.kind = kind
            self.from = from
            self.sequence = sequence
        }
    }

    /// An AwardEnded: `endDate` is the last payable nominal due date.
    public struct Ending: Hashable, Sendable, Codable {
        public let endDate: CalendarDate
        public let sequence: Sequence
        public init(endDate: CalendarDate, sequence: Sequence) {
            self.endDate = endDate
            self.sequence = sequence
        }
    }

    /// A DeductionSet; a later one with the same `deductionID` replaces the earlier one.
    public struct Deduction: Hashable, Sendable, Codable {
        public let deductionID: String
        public let amount: Pence
        public let from: CalendarDate
        public let to: CalendarDate?
        public let sequence: Sequence
        public init(deductionID: String, amount: Pence, from: CalendarDate, to: CalendarDate?, sequence: Sequence) {
            precondition(amount >= .zero, "a deduction is never negative (DESIGN.md 6 refuses negative amounts)")
            self.deductionID = deductionID
            self.amount = amount
            self.from = from
            self.to = to
            self.sequence = sequence
        }

        /// Active on `date`: `from ≤ date`, and `date ≤ to` when `to` is given.
        public func isActive(on date: CalendarDate) -> Bool {
            from <= date && (to.map { date <= $0 } ?? true)
        }
    }

    public let awardID: AwardID
    public let nino: NINO
    public let benefit: Benefit
    public let frequency: Frequency
    public let firstDueDate: CalendarDate
    /// The AwardStarted amount: the rate until the first rate change.
    public let startAmount: Pence
    /// The AwardStarted `endDate`, which applies when no AwardEnded has arrived.
    public let startEndDate: CalendarDate?
    public var rateChanges: [RateChange]
    public var suspensionChanges: [SuspensionChange]
    public var endings: [Ending]
    public var deductions: [Deduction]
    /// Nominal due dates for which the estate issued a payment (PaymentIssued).
    public var paidByEstate: Set<CalendarDate>

    public init(
        awardID: AwardID, nino: NINO, benefit: Benefit, frequency: Frequency,
        firstDueDate: CalendarDate, startAmount: Pence, startEndDate: CalendarDate? = nil,
        rateChanges: [RateChange] = [], suspensionChanges: [SuspensionChange] = [],
        endings: [Ending] = [], deductions: [Deduction] = [], paidByEstate: Set<CalendarDate> = []
    ) {
        precondition(startAmount >= .zero, "an award's amount is never negative (DESIGN.md 6 refuses negative amounts)")
        self.awardID = awardID
        self.nino = nino
        self.benefit = benefit
        self.frequency = frequency
        self.firstDueDate = firstDueDate
        self.startAmount = startAmount
        self.startEndDate = startEndDate
        self.rateChanges = rateChanges
        self.suspensionChanges = suspensionChanges
        self.endings = endings
        self.deductions = deductions
        self.paidByEstate = paidByEstate
    }
}
