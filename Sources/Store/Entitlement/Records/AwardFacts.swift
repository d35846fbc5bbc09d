import Entitlements

/// `AwardStarted` (DESIGN.md 2.1). A later one for the same award replaces it.
public struct AwardStart: Hashable, Sendable {
    public var benefit: Benefit
    public var frequency: Frequency
    public var firstDueDate: CalendarDate
    public var amount: Pence
    public var endDate: CalendarDate?
    public var arrival: Arrival

    public init(benefit: Benefit, frequency: Frequency, firstDueDate: CalendarDate, amount: Pence, endDate: CalendarDate?, arrival: Arrival) {
        self.benefit = benefit
        self.frequency = frequency
        self.firstDueDate = firstDueDate
        self.amount = amount
        self.endDate = endDate
        self.arrival = arrival
    }
}

/// `AwardRateChanged`. Stored per `effectiveFrom`: a later arrival with the same date replaces it.
public struct RateChange: Hashable, Sendable {
    public var effectiveFrom: CalendarDate
    public var amount: Pence
    public var arrival: Arrival

    public init(effectiveFrom: CalendarDate, amount: Pence, arrival: Arrival) {
        self.effectiveFrom = effectiveFrom
        self.amount = amount
        self.arrival = arrival
    }
}

/// `AwardSuspended` (`isSuspended`) or `AwardResumed` (not). Both are stored under their `from`
/// date in one place, so that of a suspension and a resumption on the same date the later
/// arrival is the one kept (DOMAIN.md section 4, SUSPENDED).
public struct SuspensionChange: Hashable, Sendable {
    public var from: CalendarDate
    public var isSuspended: Bool
    public var arrival: Arrival

    public init(from: CalendarDate, isSuspended: Bool, arrival: Arrival) {
        self.from = from
        self.isSuspended = isSuspended
        self.arrival = arrival
    }
}

/// `AwardEnded`: the one that arrived last is kept (DOMAIN.md section 4, ENDED).
public struct AwardEnd: Hashable, Sendable {
    /// The last nominal due date that is payable.
    public var endDate: CalendarDate
    public var arrival: Arrival

    public init(endDate: CalendarDate, arrival: Arrival) {
        self.endDate = endDate
        self.arrival = arrival
    }
}

/// `DeductionSet`: stored per `deductionId`; a later one with the same id replaces it.
public struct Deduction: Hashable, Sendable {
    public var id: DeductionID
    public var amount: Pence
    public var from: CalendarDate
    public var to: CalendarDate?
    public var arrival: Arrival

    public init(id: DeductionID, amount: Pence, from: CalendarDate, to: CalendarDate?, arrival: Arrival) {
        self.id = id
        self.amount = amount
        self.from = from
        self.to = to
        self.arrival = arrival
    }
}

/// One event of `estate.awards`, as the store keeps it.
public enum AwardChange: Hashable, Sendable {
    case started(AwardStart)
    case rateChanged(RateChange)
    case suspension(SuspensionChange)
    case ended(AwardEnd)
    case deductionSet(Deduction)
}

/// An award event with the award and claimant it is about.
public struct AwardFact: Hashable, Sendable {
    public var awardID: AwardID
    /// Every award event names its claimant, so an award known only from a rate change still
    /// finds its claimant and partition.
    public var nino: NINO
    public var change: AwardChange

    public init(awardID: AwardID, nino: NINO, change: AwardChange) {
        self.awardID = awardID
        self.nino = nino
        self.change = change
    }
}
