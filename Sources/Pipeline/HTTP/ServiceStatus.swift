/// What `/status` reports (JSON): the partitions this process owns with their state, the
/// store's next offsets and lag, the store's counts, and the runs the run stage knows. Counts,
/// offsets and ids only: never bank details.
public struct ServiceStatus: Sendable, Encodable, Equatable {
    public struct Partition: Sendable, Encodable, Equatable {
        public var partition: Int32
        /// `building` or `caughtUp` (`PartitionOwnership.State`).
        public var state: String
        /// The store's next offset per estate topic of this partition.
        public var storedOffsets: [String: Int64]
        /// Records between the stored offset and the high watermark, per topic, when known.
        public var lag: [String: Int64]

        public init(partition: Int32, state: String, storedOffsets: [String: Int64], lag: [String: Int64]) {
            self.partition = partition
            self.state = state
            self.storedOffsets = storedOffsets
            self.lag = lag
        }
    }

    public struct StoreSummary: Sendable, Encodable, Equatable {
        public var open: Bool
        public var claimants: Int
        public var awards: Int
        public var paidMarkers: Int
        public var ledgerEntries: Int
        public var commands: Int

        public init(open: Bool, claimants: Int = 0, awards: Int = 0, paidMarkers: Int = 0, ledgerEntries: Int = 0, commands: Int = 0) {
            self.open = open
            self.claimants = claimants
            self.awards = awards
            self.paidMarkers = paidMarkers
            self.ledgerEntries = ledgerEntries
            self.commands = commands
        }
    }

    public struct Run: Sendable, Encodable, Equatable {
        public var runId: String
        public var type: String
        /// As the run stage names it (e.g. `running`, `completed`, `halted`, `failed`).
        public var state: String

        public init(runId: String, type: String, state: String) {
            self.runId = runId
            self.type = type
            self.state = state
        }
    }

    public var partitions: [Partition]
    /// False when the process has no keyring and only mirrors.
    public var controlEnabled: Bool
    /// The next offset of backstop.control this process will decide on.
    public var controlOffset: Int64?
    public var store: StoreSummary
    public var runs: [Run]

    public init(partitions: [Partition], controlEnabled: Bool, controlOffset: Int64?, store: StoreSummary, runs: [Run]) {
        self.partitions = partitions
        self.controlEnabled = controlEnabled
        self.controlOffset = controlOffset
        self.store = store
        self.runs = runs
    }
}
