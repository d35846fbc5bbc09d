import Kafka
import Logging
import Metrics
import ServiceLifecycle
import UnixSignals
import Store

/// How `backstop run` is configured: one `Sendable` value, checked once (STYLE.md 12).
public struct BackstopConfiguration: Sendable {
    public var bootstrapServers: [String]
    /// Where the entitlement store lives (created when absent).
    public var stateDirectory: String
    /// The consumer group of the mirror. Default "backstop".
    public var groupID = "backstop"
    public var mirror = MirrorSettings()
    /// Extra librdkafka properties for the mirror's consumer, e.g. a shorter session timeout.
    public var consumerProperties: [String: String] = [:]
    public var store = StoreOptions()

    public init(bootstrapServers: [String], stateDirectory: String) {
        self.bootstrapServers = bootstrapServers
        self.stateDirectory = stateDirectory
    }
}

/// The running service of `backstop run` (DESIGN.md 7): for now the store and the mirror, in
/// one `ServiceGroup` in that order, so shutdown stops the mirror (consumer closed) before the
/// store closes. Later stages (control, runs, HTTP) join the same group.
public struct BackstopService: Sendable {
    public let group: ServiceGroup
    public let store: EntitlementStore
    public let ownership: PartitionOwnership
    public let mirror: MirrorStage

    /// Builds the service, runs it until it stops, and returns only once every part of it is
    /// released, so the store is closed before the process exits (RocksDB must not be open
    /// while the process tears down its static state).
    public static func run(
        configuration: BackstopConfiguration, metrics: any MetricsFactory, logger: Logger,
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onCaughtUp: (@Sendable ([Int32]) -> Void)? = nil
    ) async throws {
        weak var store: EntitlementStore?
        do {
            let service = try make(
                configuration: configuration, metrics: metrics, logger: logger,
                gracefulShutdownSignals: gracefulShutdownSignals, onCaughtUp: onCaughtUp)
            store = service.store
            try await service.group.run()
        }
        // The group's tasks let go of their stages a moment after `run` returns; the store
        // closes (RocksDB joins its threads) when the last of them does.
        let deadline = ContinuousClock.now.advanced(by: closeTimeout)
        while store != nil && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if store != nil { logger.error("store still open at exit", metadata: ["store.path": .string(configuration.stateDirectory)]) }
    }

    /// How long `run` waits for the store to close after the group stopped.
    public static let closeTimeout: Duration = .seconds(10)

    /// Opens the store and wires the stages. `gracefulShutdownSignals` end it cleanly
    /// (`backstop run` passes SIGTERM and SIGINT; tests pass none and trigger shutdown).
    /// `onCaughtUp` hears of each moment every owned partition has caught up.
    public static func make(
        configuration: BackstopConfiguration, metrics: any MetricsFactory, logger: Logger,
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onCaughtUp: (@Sendable ([Int32]) -> Void)? = nil
    ) throws -> BackstopService {
        try configuration.mirror.validate()
        let store = try EntitlementStore.open(at: configuration.stateDirectory, options: configuration.store)
        let executor = BlockingExecutor.start(name: "backstop-store")
        let ownership = PartitionOwnership()
        var consumer = KafkaConsumerConfiguration(bootstrapServers: configuration.bootstrapServers, groupID: configuration.groupID)
        consumer.additionalProperties = configuration.consumerProperties
        let mirror = MirrorStage(
            settings: configuration.mirror, consumer: consumer,
            producer: KafkaProducerConfiguration(bootstrapServers: configuration.bootstrapServers),
            store: store, storeExecutor: executor, ownership: ownership,
            metrics: MirrorMetrics(topics: configuration.mirror.estateTopics, factory: metrics), logger: logger,
            onCaughtUp: onCaughtUp)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(service: StoreService(store: store, executor: executor, logger: logger), serviceName: "store"),
                .init(service: mirror, successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "mirror"),
            ],
            logger: logger)
        groupConfiguration.gracefulShutdownSignals = gracefulShutdownSignals
        return BackstopService(group: ServiceGroup(configuration: groupConfiguration), store: store, ownership: ownership, mirror: mirror)
    }
}
