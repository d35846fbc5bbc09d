import Logging
import Metrics
import Store
import UnixSignals

/// The settings of a process that only mirrors (no keyring, so no control stage; HTTP on a
/// free local port), as the mirror's tests and the ingest benchmark build it: a shorthand for
/// the `ServiceConfiguration` it stands for.
public struct BackstopConfiguration: Sendable {
    public var bootstrapServers: [String]
    /// Where the entitlement store lives (created when absent).
    public var stateDirectory: String
    /// The consumer group of the mirror. Default "backstop".
    public var groupID = "backstop"
    /// Static membership of the mirror's consumer (`group.instance.id`). Default none.
    public var groupInstanceID: String?
    public var mirror = MirrorSettings()
    /// Extra librdkafka properties for the mirror's consumer, e.g. a shorter session timeout.
    public var consumerProperties: [String: String] = [:]
    public var store = StoreOptions()

    public init(bootstrapServers: [String], stateDirectory: String) {
        self.bootstrapServers = bootstrapServers
        self.stateDirectory = stateDirectory
    }

    /// The service configuration this stands for.
    public var serviceConfiguration: ServiceConfiguration {
        var configuration = ServiceConfiguration(
            bootstrapServers: bootstrapServers, stateDirectory: stateDirectory, keyring: nil, groupID: groupID,
            httpPort: 0, httpHost: "127.0.0.1", mirror: mirror, retentionDays: store.retentionDays)
        configuration.mirrorConsumerProperties = consumerProperties
        configuration.groupInstanceID = groupInstanceID
        return configuration
    }
}

extension BackstopService {
    /// A mirror-only service; `metrics` receives every metric besides the service's own registry.
    public static func make(
        configuration: BackstopConfiguration, metrics: any MetricsFactory, logger: Logger,
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onCaughtUp: (@Sendable ([Int32]) -> Void)? = nil
    ) throws -> BackstopService {
        try make(configuration: configuration.serviceConfiguration, metrics: MetricsRegistry(alsoReportingTo: metrics), logger: logger,
                 gracefulShutdownSignals: gracefulShutdownSignals, onCaughtUp: onCaughtUp)
    }
}
