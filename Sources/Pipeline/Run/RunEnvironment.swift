import Logging
import Store

/// What every run of one process shares: the store, the settings, the Kafka output (nil for a
/// process that only plans), metrics, the log, the optional crash hook, and the thread that
/// runs blocking work (RocksDB, file writes with fsync) off the cooperative pool (STYLE.md 4).
public struct RunEnvironment: Sendable {
    public let store: EntitlementStore
    public let settings: RunSettings
    public let output: PaymentOutput?
    public let metrics: RunMetrics
    public let logger: Logger
    public let crashHook: (any CrashHook)?
    public let executor: BlockingExecutor

    public init(store: EntitlementStore, settings: RunSettings, output: PaymentOutput?, metrics: RunMetrics,
                logger: Logger, crashHook: (any CrashHook)?, executor: BlockingExecutor) {
        self.store = store
        self.settings = settings
        self.output = output
        self.metrics = metrics
        self.logger = logger
        self.crashHook = crashHook
        self.executor = executor
    }
}
