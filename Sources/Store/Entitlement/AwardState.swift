import Entitlements

/// What the store knows about a claimant: the latest upsert and any death.
public struct ClaimantState: Hashable, Sendable {
    public var record: ClaimantRecord?
    public var death: DeathRecord?

    public init(record: ClaimantRecord? = nil, death: DeathRecord? = nil) {
        self.record = record
        self.death = death
    }
}

/// Everything the payment rules (DOMAIN.md sections 3 and 4) need about one award, read from one
/// consistent snapshot: its facts, its claimant, and the paid markers and ledger entries of the
/// due dates asked for.
public struct AwardState: Hashable, Sendable {
    public var partition: Int32
    public var awardID: AwardID
    /// From the award's own events (every award event names its claimant).
    public var nino: NINO
    /// `nil` for an award known only from later events: it has no schedule (DESIGN.md section 6).
    public var start: AwardStart?
    /// Ascending by `effectiveFrom`, one per date.
    public var rateChanges: [RateChange]
    /// Ascending by `from`, one per date.
    public var suspensions: [SuspensionChange]
    public var end: AwardEnd?
    /// Ascending by deduction id, one per id.
    public var deductions: [Deduction]
    public var claimant: ClaimantState
    /// Ascending by due date, within the due dates asked for.
    public var paidByEstate: [PaidMarker]
    /// Ascending by due date, within the due dates asked for.
    public var ledger: [LedgerEntry]

    init(partition: Int32, awardID: AwardID, nino: NINO) {
        self.partition = partition
        self.awardID = awardID
        self.nino = nino
        start = nil
        rateChanges = []
        suspensions = []
        end = nil
        deductions = []
        claimant = ClaimantState()
        paidByEstate = []
        ledger = []
    }

    /// Adds one stored fact; facts come in key order, which is the order of the arrays above.
    mutating func add(_ change: AwardChange) {
        switch change {
        case .started(let start): self.start = start
        case .rateChanged(let rate): rateChanges.append(rate)
        case .suspension(let suspension): suspensions.append(suspension)
        case .ended(let end): self.end = end
        case .deductionSet(let deduction): deductions.append(deduction)
        }
    }
}
