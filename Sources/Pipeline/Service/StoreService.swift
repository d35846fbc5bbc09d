import Logging
import ServiceLifecycle
import Store

/// The entitlement store as the first service of the process's group: opened before the
/// group starts (a store that cannot open stops the process with a clear message), marked
/// open while the group runs, and closed last, after every stage that uses it has stopped.
public final class StoreService: Service {
    public let store: EntitlementStore
    public let executor: Store.BlockingExecutor
    public let state = StoreState()
    private let logger: Logger

    public init(path: String, options: StoreOptions, logger: Logger) throws(StoreError) {
        store = try EntitlementStore.open(at: path, options: options)
        executor = Store.BlockingExecutor.start(name: "backstop-store")
        self.logger = logger
        state.set(open: true)
        logger.info("store open", metadata: [ServiceLogKey.stateDirectory: .string(path)])
    }

    /// Waits for the graceful shutdown (or cancellation); by then the later services have
    /// stopped, so no job is left for the executor.
    public func run() async throws {
        defer {
            state.set(open: false)
            executor.shutdown()
            logger.info("store closed")
        }
        try? await gracefulShutdown()
    }
}
