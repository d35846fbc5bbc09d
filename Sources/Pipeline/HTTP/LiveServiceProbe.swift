import Store
import Synchronization

/// Readiness and status from the live parts of the service: whether the store is open, which
/// partitions the mirror owns and whether they are caught up (`PartitionOwnership`), the
/// store's offsets and counts, the lag, and the runs.
public final class LiveServiceProbe: ServiceProbe {
    private let store: EntitlementStore
    private let storeExecutor: Store.BlockingExecutor
    private let storeState: StoreState
    private let ownership: PartitionOwnership
    private let controlEnabled: Bool
    private let lag: @Sendable ([Int32], [InputPartition: Int64]) async -> [InputPartition: Int64]
    private let runs: @Sendable () async -> [ServiceStatus.Run]
    /// Counting walks the whole store, so `/status` counts at most once per `countsInterval`.
    private let counted = Mutex<(at: ContinuousClock.Instant, counts: StoreCounts)?>(nil)
    public static let countsInterval: Duration = .seconds(30)

    /// `lag` answers, for the owned partitions and the store's next offsets, each estate input
    /// partition's distance to the high watermark (what it cannot learn in time it leaves
    /// out); `runs` the runs known.
    public init(
        store: EntitlementStore, storeExecutor: Store.BlockingExecutor, storeState: StoreState,
        ownership: PartitionOwnership, controlEnabled: Bool,
        lag: @escaping @Sendable ([Int32], [InputPartition: Int64]) async -> [InputPartition: Int64],
        runs: @escaping @Sendable () async -> [ServiceStatus.Run]
    ) {
        self.store = store
        self.storeExecutor = storeExecutor
        self.storeState = storeState
        self.ownership = ownership
        self.controlEnabled = controlEnabled
        self.lag = lag
        self.runs = runs
    }

    public func readiness() async -> Readiness {
        Self.readiness(storeOpen: storeState.isOpen, partitions: ownership.snapshot)
    }

    /// The rule of `/health/ready`, on its own so it is tested without I/O: ready only when the
    /// store is open and every owned partition is caught up.
    public static func readiness(storeOpen: Bool, partitions: [Int32: PartitionOwnership.State]) -> Readiness {
        guard storeOpen else { return .notReady("the store is not open") }
        guard !partitions.isEmpty else { return .notReady("no estate partitions assigned to this process yet") }
        let building = partitions.filter { $0.value == .building }.keys.sorted()
        guard building.isEmpty else {
            return .notReady("mirror catching up: partitions " + building.map(String.init).joined(separator: ", ") + " still building")
        }
        return .ready
    }

    public func status() async -> ServiceStatus {
        let owned = ownership.snapshot
        let isOpen = storeState.isOpen
        let store = store
        let cached = counted.withLock { $0 }.flatMap { ContinuousClock.now - $0.at < Self.countsInterval ? $0.counts : nil }
        let stored = isOpen ? try? await storeExecutor.run { (try store.nextOffsets(), try cached ?? store.counts()) } : nil
        if cached == nil, let counts = stored?.1 { counted.withLock { $0 = (ContinuousClock.now, counts) } }
        let lags = await lag(owned.keys.sorted(), stored?.0 ?? [:])
        let partitions = owned.keys.sorted().map { partition in
            ServiceStatus.Partition(
                partition: partition, state: owned[partition]!.rawValue,
                storedOffsets: Dictionary(uniqueKeysWithValues: (stored?.0 ?? [:]).filter { $0.key.partition == partition && $0.key.topic != ControlStage.controlTopic }
                    .map { ($0.key.topic, $0.value) }),
                lag: Dictionary(uniqueKeysWithValues: lags.filter { $0.key.partition == partition }.map { ($0.key.topic, $0.value) }))
        }
        let counts = stored?.1
        return ServiceStatus(
            partitions: partitions,
            controlEnabled: controlEnabled,
            controlOffset: stored?.0[InputPartition(topic: ControlStage.controlTopic, partition: 0)],
            store: ServiceStatus.StoreSummary(
                open: isOpen && stored != nil, claimants: counts?.claimants ?? 0, awards: counts?.awards ?? 0,
                paidMarkers: counts?.paidMarkers ?? 0, ledgerEntries: counts?.ledgerEntries ?? 0, commands: counts?.commands ?? 0),
            runs: await runs())
    }
}

