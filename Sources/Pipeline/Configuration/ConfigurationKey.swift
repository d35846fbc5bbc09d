/// One setting of `ServiceConfiguration` and the three names it goes by: the file key (dotted
/// for nested YAML mappings, e.g. `bacs.sun`), the flag (`--bacs-sun`) and the environment twin
/// (`BACKSTOP_BACS_SUN`). Errors name the setting by the name of the source it came from.
public struct ConfigurationKey: Hashable, Sendable, CustomStringConvertible {
    /// The key in `backstop.yaml`, e.g. `bootstrapServers` or `bacs.sun`.
    public let fileKey: String
    /// Without the leading dashes, e.g. `bootstrap-servers`.
    public let flag: String
    public let environmentVariable: String

    init(_ fileKey: String, flag: String) {
        self.fileKey = fileKey
        self.flag = flag
        environmentVariable = "BACKSTOP_" + flag.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    public var description: String { fileKey }

    public static let bootstrapServers = ConfigurationKey("bootstrapServers", flag: "bootstrap-servers")
    public static let stateDirectory = ConfigurationKey("stateDir", flag: "state-dir")
    public static let outputDirectory = ConfigurationKey("outDir", flag: "out-dir")
    public static let keyring = ConfigurationKey("keyring", flag: "keyring")
    public static let groupID = ConfigurationKey("groupId", flag: "group-id")
    public static let groupInstanceID = ConfigurationKey("groupInstanceId", flag: "group-instance-id")
    public static let httpPort = ConfigurationKey("httpPort", flag: "http-port")
    public static let httpHost = ConfigurationKey("httpHost", flag: "http-host")
    public static let bacsSUN = ConfigurationKey("bacs.sun", flag: "bacs-sun")
    public static let bacsOriginatingSortCode = ConfigurationKey("bacs.originatingSortCode", flag: "bacs-originating-sort-code")
    public static let bacsOriginatingAccount = ConfigurationKey("bacs.originatingAccount", flag: "bacs-originating-account")
    public static let bacsServiceUserName = ConfigurationKey("bacs.serviceUserName", flag: "bacs-service-user-name")
    public static let bacsContraNarrative = ConfigurationKey("bacs.contraNarrative", flag: "bacs-contra-narrative")
    public static let bacsContraAccountName = ConfigurationKey("bacs.contraAccountName", flag: "bacs-contra-account-name")
    public static let bacsMaximumItemsPerFile = ConfigurationKey("bacs.maximumItemsPerFile", flag: "bacs-maximum-items-per-file")
    public static let itemLimitPence = ConfigurationKey("itemLimitPence", flag: "item-limit-pence")
    public static let mirrorBatchSize = ConfigurationKey("mirror.batchSize", flag: "batch-size")
    public static let sessionTimeout = ConfigurationKey("mirror.sessionTimeoutMs", flag: "session-timeout-ms")
    public static let retentionDays = ConfigurationKey("retentionDays", flag: "retention-days")
    public static let calendarOverrides = ConfigurationKey("calendarOverrides", flag: "calendar-overrides")
    public static let shutdownGracePeriod = ConfigurationKey("shutdownGracePeriod", flag: "shutdown-grace-period")
    public static let logLevel = ConfigurationKey("logLevel", flag: "log-level")

    /// Every setting, in the order `backstop.yaml` lists them.
    public static let all: [ConfigurationKey] = [
        .bootstrapServers, .stateDirectory, .outputDirectory, .keyring, .groupID, .groupInstanceID, .httpPort, .httpHost,
        .bacsSUN, .bacsOriginatingSortCode, .bacsOriginatingAccount, .bacsServiceUserName,
        .bacsContraNarrative, .bacsContraAccountName, .bacsMaximumItemsPerFile,
        .itemLimitPence, .mirrorBatchSize, .sessionTimeout, .retentionDays, .calendarOverrides, .shutdownGracePeriod, .logLevel,
    ]

    /// The map of librdkafka properties for every client (`kafka:` in the file, each entry a
    /// property name and its value) and the repeatable flag that adds to it (`NAME=VALUE`).
    /// A flag wins over the file's entry of the same name. No environment twin: secrets belong
    /// in a file readable by the service alone.
    public static let kafkaPropertiesFileKey = "kafka"
    public static let kafkaPropertyFlag = "kafka-property"

    /// The flag that names the config file itself (it has an environment twin, no file key).
    public static let configFileFlag = "config"
    public static let configFileEnvironmentVariable = "BACKSTOP_CONFIG"
}
