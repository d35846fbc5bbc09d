/// Settings of the entitlement store, with documented defaults (STYLE.md 12).
public struct StoreOptions: Sendable, Equatable {
    /// RocksDB tuning. The store sets the column families itself. `syncWrites` (default on)
    /// decides whether `apply`, `recordLedger` and `drop` wait for the WAL's fsync.
    public var database = DatabaseOptions()
    /// Input topics whose partitions are owned with the estate partition of the same number
    /// (DESIGN.md section 2: co-partitioned). Their offsets are dropped with the partition; other
    /// topics' offsets (backstop.control) are kept by every process. Default: the three estate topics.
    public var estateTopics: Set<String> = ["estate.claimants", "estate.awards", "estate.payments"]
    /// How long paid markers, ledger entries and superseded award facts are kept, in days before
    /// the date `prune` is given (DESIGN.md section 3, "rolling"). Default 400.
    public var retentionDays = 400

    public static let retentionDaysLimits = 35...3_660

    public init() {}

    func validate(path: String) throws(StoreError) {
        guard Self.retentionDaysLimits.contains(retentionDays) else {
            throw StoreError(
                code: .invalidOption,
                message: "retentionDays: \(retentionDays) is outside \(Self.retentionDaysLimits) (a run window is at most 31 days)")
        }
        guard !estateTopics.isEmpty else {
            throw StoreError(code: .invalidOption, message: "estateTopics: at least one estate topic is needed")
        }
    }
}
