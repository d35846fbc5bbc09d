/// The progress of one run (DESIGN.md section 4, "exactly once"), as the store keeps it so that
/// a restarted process resumes every unfinished run.
///
/// The store does not interpret `command`: the run stage encodes the accepted command and its
/// approvers there and decodes them on resume. What the store owns is the order of runs
/// (`sequence`, the order they were accepted in, which is the order they run in) and their state.
public struct StoredRun: Hashable, Sendable {
    public enum State: UInt8, Sendable, CaseIterable, CustomStringConvertible {
        /// Accepted; batches may be in flight. Resumed on start-up.
        case accepted = 1
        /// A HALT named it: on resume, committed batches are recorded in the ledger and nothing
        /// else is emitted, then it finishes as HALTED.
        case haltRequested = 2
        case completed = 3
        case halted = 4
        case failed = 5

        /// Whether a restarted process must pick the run up again.
        public var isFinished: Bool { self == .completed || self == .halted || self == .failed }

        public var description: String {
            switch self {
            case .accepted: "accepted"
            case .haltRequested: "haltRequested"
            case .completed: "completed"
            case .halted: "halted"
            case .failed: "failed"
            }
        }
    }

    public var runID: String
    public var sequence: UInt64
    public var state: State
    /// The accepted command, as the run stage encoded it.
    public var command: [UInt8]

    public init(runID: String, sequence: UInt64, state: State, command: [UInt8]) {
        self.runID = runID
        self.sequence = sequence
        self.state = state
        self.command = command
    }
}

/// Run records live in the default column family under `run/` + runId (value: version, state,
/// sequence u64 as i64, command bytes behind a 32-bit length). They are not partitioned: every
/// process runs every accepted command over its own partitions (DESIGN.md section 8), and
/// `drop(partition:)` leaves them alone. `digest()` does not cover them.
extension EntitlementStore {
    static let runKeyPrefix = Array("run/".utf8)

    static func runKey(_ runID: String) -> [UInt8] { runKeyPrefix + Array(runID.utf8) }

    /// Writes `run` (synced), replacing what was stored for its runId.
    public func saveRun(_ run: StoredRun) throws(StoreError) {
        guard !run.runID.isEmpty, run.runID.utf8.count <= StoreLimits.textBytes else {
            throw StoreError(code: .invalidFact, message: "runId must be 1 to \(StoreLimits.textBytes) bytes", family: "default")
        }
        precondition(run.command.count <= Int(UInt32.max), "a run's command of \(run.command.count) bytes")
        var writer = ByteWriter(capacity: 16 + run.command.count)
        writer.u8(StoreLayout.valueVersion)
        writer.u8(run.state.rawValue)
        writer.i64(Int64(bitPattern: run.sequence))
        writer.u32(UInt32(run.command.count))
        writer.raw(run.command)
        try storing { try database.put(Self.runKey(run.runID), writer.bytes, in: database.defaultColumnFamily, sync: true) }
    }

    /// The stored run `runID`, if any.
    public func storedRun(_ runID: String) throws(StoreError) -> StoredRun? {
        try storing {
            try database.withValue(Self.runKey(runID), in: database.defaultColumnFamily) { value -> StoredRun? in
                guard let value else { return nil }
                return try Self.decodeRun(runID: runID, value)
            }
        }
    }

    /// Every stored run, in the order they were accepted (`sequence`).
    public func storedRuns() throws(StoreError) -> [StoredRun] {
        var runs: [StoredRun] = []
        try storing {
            try database.forEach(in: database.defaultColumnFamily, range: .prefix(Self.runKeyPrefix)) { key, value in
                let runID = String(decoding: key[Self.runKeyPrefix.count...], as: UTF8.self)
                runs.append(try Self.decodeRun(runID: runID, value))
                return true
            }
        }
        return runs.sorted { $0.sequence < $1.sequence }
    }

    /// The sequence number the next accepted run gets: one more than any stored.
    public func nextRunSequence() throws(StoreError) -> UInt64 {
        (try storedRuns().map(\.sequence).max() ?? 0) + 1
    }

    private static func decodeRun(runID: String, _ value: UnsafeRawBufferPointer) throws(StoreError) -> StoredRun {
        var reader = ByteReader(value, family: "default")
        let version = try reader.u8()
        guard version == StoreLayout.valueVersion else {
            throw StoreError(code: .unsupportedVersion, message: "run \(runID) has value version \(version)", family: "default")
        }
        let stateByte = try reader.u8()
        guard let state = StoredRun.State(rawValue: stateByte) else { throw reader.corrupt("unknown run state \(stateByte)") }
        let sequence = UInt64(bitPattern: try reader.i64())
        let count = Int(try reader.u32())
        var command: [UInt8] = []
        command.reserveCapacity(count)
        for _ in 0..<count { command.append(try reader.u8()) }
        try reader.finish()
        return StoredRun(runID: runID, sequence: sequence, state: state, command: command)
    }
}
