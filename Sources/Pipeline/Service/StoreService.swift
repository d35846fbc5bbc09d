import Logging
import ServiceLifecycle
import Store
import Synchronization

/// The entitlement store as the first service of the group (STYLE.md 6): opened before the
/// stages start, closed after they stop. `run` holds it open until graceful shutdown; then its
/// executor drains the writes already queued and the store closes when the last stage lets go.
public final class StoreService: Service {
    public let store: EntitlementStore
    /// The one thread on which every blocking store call runs (STYLE.md 4).
    public let executor: BlockingExecutor
    /// Open from construction until shutdown; readiness reports it.
    public let state = StoreState()
    private let logger: Logger

    public init(store: EntitlementStore, executor: BlockingExecutor, logger: Logger) {
        self.store = store
        self.executor = executor
        self.logger = logger
        state.set(open: true)
    }

    public func run() async throws {
        try? await gracefulShutdown()
        state.set(open: false)
        // Memtables to disk, so the next start opens without replaying the write-ahead log.
        let store = store
        do {
            try await executor.run { try store.database.flush() }
        } catch {
            logger.warning("store flush at shutdown failed", metadata: ["error": "\(error)"])
        }
        executor.shutdown()
        logger.info("store closed", metadata: ["store.path": .string(store.database.path)])
    }
}

/// Whether the store is open for the stages: set by the store's service, read by readiness.
public final class StoreState: Sendable {
    private let open = Atomic<Bool>(false)
    public init() {}
    public var isOpen: Bool { open.load(ordering: .acquiring) }
    public func set(open isOpen: Bool) { open.store(isOpen, ordering: .releasing) }
}
