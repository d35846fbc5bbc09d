import Control
import Entitlements
import Foundation
import Kafka
import Logging
import ServiceLifecycle
import Store
import UnixSignals

/// The running service of `backstop run` (DESIGN.md 1 and 7): one process, its parts in one
/// ordered `ServiceGroup`: the store, the mirror, the ledger rebuilds, the control stage, the
/// run stage, the watermark reader of `/status`, and HTTP, with the shared producers (audit,
/// payments) before the stages that use them. They start in that order and a graceful shutdown
/// (SIGTERM, SIGINT) stops them in reverse, within `shutdownGracePeriod`: HTTP first, then the
/// stages, the shared producers (closed, flushed), the store last, so no stage is left using a
/// closed store or producer. Any part that ends or fails shuts the group down.
public struct BackstopService: Sendable {
    public let group: ServiceGroup
    public let store: EntitlementStore
    public let ownership: PartitionOwnership
    public let http: HTTPService

    /// Builds the service and runs it until it stops. Returns only once the store is released
    /// (RocksDB must be closed before the process tears down its static state), waiting at
    /// most `releaseTimeout` for the last parts (HTTP connections, a run's last task) to let go.
    public static func run(
        configuration: ServiceConfiguration, metrics: MetricsRegistry, logger: Logger,
        clock: @escaping @Sendable () -> Date = Date.init,
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onHTTPBound: @escaping @Sendable (Int) -> Void = { _ in },
        onCaughtUp: (@Sendable ([Int32]) -> Void)? = nil
    ) async throws {
        weak var released: EntitlementStore?
        do {
            let service = try make(configuration: configuration, metrics: metrics, logger: logger, clock: clock,
                                   gracefulShutdownSignals: gracefulShutdownSignals, onCaughtUp: onCaughtUp)
            released = service.store
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { if let port = await service.http.boundPort { onHTTPBound(port) } }
                tasks.addTask { try await service.group.run() }
                try await tasks.waitForAll()
            }
        }
        let deadline = ContinuousClock.now + releaseTimeout
        while released != nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if released != nil { logger.error("store still referenced after shutdown") }
    }

    public static let releaseTimeout: Duration = .seconds(5)

    /// Opens the store and wires every part. Throws, before anything runs, when the store
    /// cannot be opened or a stage's settings are inconsistent. `onCaughtUp` hears of each
    /// moment every owned partition has caught up. Without a keyring there is no control
    /// stage: the process only mirrors.
    public static func make(
        configuration: ServiceConfiguration, metrics: MetricsRegistry, logger: Logger,
        clock: @escaping @Sendable () -> Date = Date.init,
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onCaughtUp: (@Sendable ([Int32]) -> Void)? = nil
    ) throws -> BackstopService {
        let connection = configuration.connection
        var storeOptions = StoreOptions()
        storeOptions.retentionDays = configuration.retentionDays
        let store = try EntitlementStore.open(at: configuration.stateDirectory, options: storeOptions)
        let executor = BlockingExecutor.start(name: "backstop-store")
        let storeService = StoreService(store: store, executor: executor, logger: logger)
        let ownership = PartitionOwnership()
        let ledgers = LedgerReadiness()

        var mirrorConsumer = connection.consumer(groupID: configuration.groupID)
        mirrorConsumer.groupInstanceID = configuration.groupInstanceID
        mirrorConsumer.sessionTimeout = configuration.sessionTimeout
        mirrorConsumer.heartbeatInterval = max(.milliseconds(100), configuration.sessionTimeout / 10)
        mirrorConsumer.additionalProperties.merge(configuration.mirrorConsumerProperties) { $1 }
        let mirrorSettings = configuration.mirror
        try mirrorSettings.validate()
        let mirror = MirrorStage(
            settings: mirrorSettings, consumer: mirrorConsumer, producer: connection.producer(),
            store: store, storeExecutor: executor, ownership: ownership,
            metrics: MirrorMetrics(topics: mirrorSettings.estateTopics, factory: metrics.factory), logger: logger,
            onCaughtUp: onCaughtUp)

        let audit = try KafkaAuditSink.make(configuration: connection.producer(), logger: logger)
        let rules = PaymentRules(calendar: configuration.calendar, settings: try RuleSettings(itemLimit: configuration.itemLimit))
        let runSettings = RunSettings(rules: rules, bacs: configuration.bacs,
                                      outputFolder: URL(fileURLWithPath: configuration.outputDirectory), group: configuration.groupID)
        try runSettings.validate()
        let output = PaymentOutput(producerConfiguration: connection.producer(), group: configuration.groupID, logger: logger)
        let environment = RunEnvironment(
            store: store, settings: runSettings, output: output,
            metrics: RunMetrics(factory: metrics.factory), logger: logger,
            crashHook: try EnvironmentCrashHook.fromEnvironment(), executor: executor)
        let runs = RunController(environment: environment, ownership: ownership, ledgers: ledgers, audit: audit, clock: clock)
        let rebuilds = LedgerRebuildService(
            ownership: ownership,
            rebuilder: LedgerRebuilder(store: store, readiness: ledgers, connection: connection, group: configuration.groupID, logger: logger),
            logger: logger)

        // The control consumer reads by explicit assignment, outside the mirror's group; the
        // group id only satisfies librdkafka, and nothing is committed to it.
        let control = configuration.keyring.map { keyring in
            ControlStage(
                store: store, storeExecutor: executor, step: ControlDecisionStep(keyring: keyring.keyring), clock: clock,
                audit: audit, runs: RunControllerHandoff(controller: runs),
                makeConsumer: ControlStage.consumer(
                    configuration: connection.consumer(groupID: configuration.groupID + "-control"),
                    logger: logger),
                metrics: metrics.control, logger: logger)
        }
        if control == nil { logger.warning("no keyring configured: control commands are not read; this process only mirrors") }

        let watermarks = WatermarkService(connection: connection, groupID: configuration.groupID,
                                          topics: configuration.mirror.estateTopics, logger: logger)
        let probe = LiveServiceProbe(
            store: store, storeExecutor: executor, storeState: storeService.state, ownership: ownership, controlEnabled: control != nil,
            lag: { partitions, stored in await watermarks.lag(partitions: partitions, stored: stored) },
            runs: { [store, executor] in (try? await executor.run { try Self.runStatuses(store) }) ?? [] })
        let http = HTTPService(host: configuration.httpHost, port: configuration.httpPort, probe: probe, metrics: metrics, logger: logger)

        func part(_ service: any Service, _ name: String) -> ServiceGroupConfiguration.ServiceConfiguration {
            .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup,
                  failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: name)
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(service: storeService, serviceName: "store"),
                part(SharedProducersService(audit: audit, output: output, logger: logger), "producers"),
                part(mirror, "mirror"), part(rebuilds, "ledgers"),
            ] + (control.map { [part($0, "control")] } ?? []) + [
                part(RunStageService(controller: runs), "runs"), part(watermarks, "watermarks"), part(http, "http"),
            ],
            logger: logger)
        groupConfiguration.gracefulShutdownSignals = gracefulShutdownSignals
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        return BackstopService(group: ServiceGroup(configuration: groupConfiguration), store: store, ownership: ownership, http: http)
    }

    /// The runs the store knows, for `/status`.
    static func runStatuses(_ store: EntitlementStore) throws -> [ServiceStatus.Run] {
        try store.storedRuns().map { stored in
            let type = (try? AcceptedRun.decode(stored.command, runID: stored.runID))?.command.type.rawValue ?? "unreadable"
            return ServiceStatus.Run(runId: stored.runID, type: type, state: stored.state.description)
        }
    }
}
