import Synchronization

/// Which estate partitions this process owns and how far each has been built (DESIGN.md 8).
///
/// The mirror writes it (on assignment, catch-up and revocation); the run stage reads it to
/// decide which partitions a run covers and to wait until they are caught up; readiness and
/// `/status` report it. One value shared by the stages of one process.
public final class PartitionOwnership: Sendable {
    public enum State: String, Sendable, Equatable {
        /// Assigned; the store is still reading towards the high watermark.
        case building
        /// The store holds everything the estate topics held when catch-up was measured.
        case caughtUp
    }

    private let states = Mutex<[Int32: State]>([:])

    public init() {}

    /// Partitions gained in a rebalance start out building.
    public func assign(_ partitions: some Sequence<Int32>) {
        states.withLock { for p in partitions where $0[p] == nil { $0[p] = .building } }
    }

    /// Partitions lost in a rebalance are no longer ours to run.
    public func revoke(_ partitions: some Sequence<Int32>) {
        states.withLock { for p in partitions { $0[p] = nil } }
    }

    public func markCaughtUp(_ partition: Int32) {
        states.withLock { if $0[partition] != nil { $0[partition] = .caughtUp } }
    }

    public var snapshot: [Int32: State] { states.withLock { $0 } }

    public var owned: [Int32] { snapshot.keys.sorted() }

    /// True when this process owns at least one partition and every one is caught up.
    public var isCaughtUp: Bool {
        states.withLock { !$0.isEmpty && $0.values.allSatisfy { $0 == .caughtUp } }
    }
}
