import Bacs
import Control
import Entitlements
import Kafka
import Logging

/// Everything `backstop run` is built from (STYLE.md 12), resolved once at start-up from flags,
/// their `BACKSTOP_…` environment twins, the config file and these defaults, in that order of
/// precedence (`ServiceConfiguration.load`). Once you hold one, every setting in it is valid.
///
/// Each setting's flag, environment variable and file key are listed in `ConfigurationKey`;
/// the example file `backstop.yaml` at the repository root shows them all with their defaults.
public struct ServiceConfiguration: Sendable {
    /// Brokers to bootstrap from, `host:port` each. Required: there is no sensible default.
    public var bootstrapServers: [String]
    /// The folder holding the RocksDB store. Default `state`.
    public var stateDirectory: String
    /// The folder runs write their files under (`runs/<runId>/`, `dry-runs/<runId>/`). Default `out`.
    public var outputDirectory: String
    /// The keyring file the control stage checks approvals against, and the keyring read from
    /// it at start-up. Without one the process only mirrors (a standby or shadow copy): it
    /// reads no control command, and says so in its log and `/status`.
    public var keyring: (path: String, keyring: Keyring)?
    /// The consumer group the processes of one deployment share (DESIGN.md 8). Default `backstop`.
    public var groupID: String
    /// This process's static membership id in the group (`group.instance.id`): restarted with
    /// the same id, it takes its partitions back at once instead of waiting for its dead
    /// session to expire and a rebalance. Each process needs its own, stable across restarts
    /// (a StatefulSet pod's name); two live processes with one id fence each other. Default
    /// none (dynamic membership).
    public var groupInstanceID: String?
    /// librdkafka properties for every client of the process (security settings above all),
    /// from the `kafka:` map of the config file and `--kafka-property`. Default none.
    public var kafkaProperties: [String: String] = [:]
    /// Port of the health, readiness, metrics and status endpoints; 0 picks a free port (the
    /// bound port is logged, and written to `--http-port-file`). Default 0, so that several
    /// processes on one machine never collide; deployments fix it (`backstop.yaml` sets 8080).
    public var httpPort: Int
    /// Address the HTTP endpoints listen on. Default `0.0.0.0` (every interface).
    public var httpHost: String
    /// The Bacs settings of DOMAIN.md 5; defaults are the demo deployment's (SUN 123456,
    /// funding account 200000 12345678, `DWP`, contra `DWP BENEFITS` / `DWP`, 250,000 items per file).
    public var bacs: BacsSettings
    /// The largest amount paid automatically; a larger one is excluded as OVER_ITEM_LIMIT
    /// (DOMAIN.md 4). Default £20,000.00.
    public var itemLimit: Pence
    /// The mirror's settings; `mirror.batchSize` sets `maxBatchSize` (default 10,000), the
    /// others keep `MirrorSettings`' defaults.
    public var mirror: MirrorSettings
    /// The mirror's consumer group session timeout. Default 10 s.
    public var sessionTimeout: Duration
    /// Other librdkafka properties of the mirror's consumer, passed through (not a setting of
    /// the file or the command line; tests shorten timeouts with it). Default none.
    public var mirrorConsumerProperties: [String: String] = [:]
    /// Days paid markers and ledger entries are kept (DESIGN.md 3, "rolling"). Default 400.
    public var retentionDays: Int
    /// England and Wales working days (DOMAIN.md 2): the rules, with the operators' override
    /// file of added and removed bank holidays when one is configured.
    public var calendar: PaymentCalendar
    /// How long a graceful shutdown may take before the process stops anyway. Default 30 s.
    public var shutdownGracePeriod: Duration
    /// Default `.info`.
    public var logLevel: Logger.Level

    public init(
        bootstrapServers: [String], stateDirectory: String = Defaults.stateDirectory,
        outputDirectory: String = Defaults.outputDirectory, keyring: (path: String, keyring: Keyring)?,
        groupID: String = Defaults.groupID, httpPort: Int = Defaults.httpPort, httpHost: String = Defaults.httpHost,
        bacs: BacsSettings = Defaults.bacs, itemLimit: Pence = Defaults.itemLimit,
        mirror: MirrorSettings = MirrorSettings(), sessionTimeout: Duration = Defaults.sessionTimeout, retentionDays: Int = Defaults.retentionDays,
        calendar: PaymentCalendar = PaymentCalendar(), shutdownGracePeriod: Duration = Defaults.shutdownGracePeriod, logLevel: Logger.Level = Defaults.logLevel
    ) {
        self.bootstrapServers = bootstrapServers
        self.stateDirectory = stateDirectory
        self.outputDirectory = outputDirectory
        self.keyring = keyring
        self.groupID = groupID
        self.httpPort = httpPort
        self.httpHost = httpHost
        self.bacs = bacs
        self.itemLimit = itemLimit
        self.mirror = mirror
        self.sessionTimeout = sessionTimeout
        self.retentionDays = retentionDays
        self.calendar = calendar
        self.shutdownGracePeriod = shutdownGracePeriod
        self.logLevel = logLevel
    }

    /// The brokers and the properties every client of the process is built with.
    public var connection: KafkaConnection {
        KafkaConnection(bootstrapServers: bootstrapServers, properties: kafkaProperties)
    }

    /// The documented defaults, one place for the code, the help text and `backstop.yaml`.
    public enum Defaults {
        public static let stateDirectory = "state"
        public static let outputDirectory = "out"
        public static let groupID = "backstop"
        public static let httpPort = 0
        public static let httpHost = "0.0.0.0"
        public static let retentionDays = 400
        public static let itemLimit = RuleSettings.defaultItemLimit
        public static let mirrorBatchSize = MirrorSettings().maxBatchSize
        public static let sessionTimeout = Duration.seconds(10)
        public static let shutdownGracePeriod = Duration.seconds(30)
        public static let logLevel = Logger.Level.info
        public static let bacsSUN = "123456"
        public static let bacsOriginatingSortCode = "200000"
        public static let bacsOriginatingAccount = "12345678"
        public static let bacsServiceUserName = "DWP"
        public static let bacsContraNarrative = "DWP BENEFITS"
        public static let bacsContraAccountName = "DWP"
        public static let bacsMaximumItemsPerFile = BacsSettings.defaultMaximumItemsPerFile
        // The demo values above are valid by construction; a failure here is a programming error.
        public static let bacs = try! BacsSettings(
            sun: ServiceUserNumber(bacsSUN), originatingSortCode: SortCode(bacsOriginatingSortCode),
            originatingAccount: AccountNumber(bacsOriginatingAccount), serviceUserName: bacsServiceUserName,
            contraNarrative: bacsContraNarrative, contraAccountName: bacsContraAccountName,
            maximumItemsPerFile: bacsMaximumItemsPerFile)
    }

    /// Limits the loader enforces (STYLE.md 11).
    public enum Limits {
        public static let httpPort = 0...65_535
        public static let shutdownGracePeriodSeconds = 1...600
        public static let groupIDLength = 1...255
        /// The broker's default group.min/max.session.timeout.ms.
        public static let sessionTimeoutMilliseconds = 1_000...300_000
        /// An 11-digit Bacs amount field holds at most this.
        public static let itemLimitPence = 99_999_999_999
    }
}
