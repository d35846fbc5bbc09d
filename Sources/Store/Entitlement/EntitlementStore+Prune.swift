import Entitlements

/// What one `prune` removed.
public struct PruneSummary: Hashable, Sendable {
    public var horizon: CalendarDate
    public var paidMarkers = 0
    public var ledgerEntries = 0
    public var rateChanges = 0
    public var suspensions = 0
    public var deductions = 0

    public var total: Int { paidMarkers + ledgerEntries + rateChanges + suspensions + deductions }
}

extension EntitlementStore {
    /// Removes what can no longer affect a payment due on or after the horizon,
    /// `today - options.retentionDays` (DESIGN.md section 3, "rolling"):
    /// - paid markers and ledger entries whose due date is before the horizon;
    /// - rate changes older than the latest one in force on the horizon, and likewise suspensions
    ///   and resumptions (DOMAIN.md section 4: only the latest `effectiveFrom` or `from` on or
    ///   before a due date counts, so for due dates from the horizon on the older ones never do);
    /// - deductions that ended before the horizon.
    /// Award starts and ends, claimants and deaths are kept. Deletions are written in batches of at
    /// most `StoreLimits.maintenanceBatchOperations`; pruning twice removes nothing more, so a
    /// crash part-way is repaired by the next prune. It scans the store: run it off the payment path.
    @discardableResult
    public func prune(today: CalendarDate) throws(StoreError) -> PruneSummary {
        let horizon = today.adding(days: -options.retentionDays)
        var summary = PruneSummary(horizon: horizon)
        let snapshot = database.snapshot()
        let deletions = DeletionBatcher(store: self)
        try storing {
            for family in [StoreLayout.Family.paid, .ledger] {
                try database.forEach(in: self.family(family), snapshot: snapshot) { key, _ in
                    guard try StoreKeys.parseDated(key, family: family).dueDate < horizon else { return true }
                    try deletions.delete(Array(key), in: self.family(family))
                    if family == .paid { summary.paidMarkers += 1 } else { summary.ledgerEntries += 1 }
                    return true
                }
            }
            try forEachAwardFacts(snapshot: snapshot) { state in
                let (partition, awardID) = (state.partition, state.awardID)
                for date in Self.superseded(state.rateChanges.map(\.effectiveFrom), horizon: horizon) {
                    try deletions.delete(StoreKeys.rateChange(partition, awardID, effectiveFrom: date), in: awards)
                    summary.rateChanges += 1
                }
                for date in Self.superseded(state.suspensions.map(\.from), horizon: horizon) {
                    try deletions.delete(StoreKeys.suspension(partition, awardID, from: date), in: awards)
                    summary.suspensions += 1
                }
                for deduction in state.deductions {
                    guard let to = deduction.to, to < horizon else { continue }
                    try deletions.delete(StoreKeys.deduction(partition, awardID, deduction.id), in: awards)
                    summary.deductions += 1
                }
            }
            try deletions.flush()
        }
        return summary
    }

    /// Of ascending dates, those before the latest one on or before `horizon`.
    static func superseded(_ ascending: [CalendarDate], horizon: CalendarDate) -> ArraySlice<CalendarDate> {
        guard let inForce = ascending.lastIndex(where: { $0 <= horizon }) else { return [] }
        return ascending[..<inForce]
    }

    /// Every award's own facts, without claimant, paid markers or ledger.
    private func forEachAwardFacts(snapshot: Snapshot, _ body: (AwardState) throws -> Void) throws {
        var current: AwardState?
        func finish() throws {
            if let current { try body(current) }
        }
        try database.forEach(in: awards, snapshot: snapshot) { key, value in
            let (partition, fact) = try RecordCodec.decodeAward(key: key, value: value)
            if current?.awardID != fact.awardID || current?.partition != partition {
                try finish()
                current = AwardState(partition: partition, awardID: fact.awardID, nino: fact.nino)
            }
            current?.add(fact.change)
            return true
        }
        try finish()
    }
}

/// Collects deletions and writes them in bounded batches.
private final class DeletionBatcher {
    private let store: EntitlementStore
    private let batch: WriteBatch

    init(store: EntitlementStore) {
        self.store = store
        batch = store.database.makeWriteBatch()
    }

    func delete(_ key: [UInt8], in family: ColumnFamily) throws {
        batch.delete(key, in: family)
        if batch.count >= StoreLimits.maintenanceBatchOperations { try flush() }
    }

    func flush() throws {
        guard batch.count > 0 else { return }
        // Not synced: a lost prune is redone by the next one; the next synced write syncs the WAL.
        try store.database.write(batch, sync: false)
        batch.clear()
    }
}
