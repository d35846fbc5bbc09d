import ArgumentParser
import Foundation
import Logging
import Pipeline

/// `backstop run`: the always-on service (DESIGN.md 7): mirror, control, runs and HTTP in one
/// process until SIGTERM or SIGINT, then a graceful shutdown within the configured limit.
///
/// Every setting is a flag, an environment variable (`BACKSTOP_…`) and a key of the config
/// file, in that order of precedence (`backstop.yaml` lists them with their defaults). A bad
/// setting stops it at once with a message naming the setting, exit status 2. Once the HTTP
/// endpoints listen, the first line on stdout is `http=HOST:PORT`; logs go to stderr.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the service: mirror the estate, decide on control commands, run accepted ones, serve HTTP.")

    @Option(name: .customLong(ConfigurationKey.configFileFlag), help: "The config file (YAML; or BACKSTOP_CONFIG).")
    var config: String?
    @Option(name: .customLong(ConfigurationKey.bootstrapServers.flag), help: "Kafka brokers, HOST:PORT[,…]. Required.")
    var bootstrapServers: String?
    @Option(name: .customLong(ConfigurationKey.keyring.flag), help: "The operators' keyring file. Required.")
    var keyring: String?
    @Option(name: .customLong(ConfigurationKey.stateDirectory.flag), help: "The store's folder (default state).")
    var stateDir: String?
    @Option(name: .customLong(ConfigurationKey.outputDirectory.flag), help: "The payment files' folder (default out).")
    var outDir: String?
    @Option(name: .customLong(ConfigurationKey.groupID.flag), help: "The consumer group of the deployment (default backstop).")
    var groupId: String?
    @Option(name: .customLong(ConfigurationKey.httpHost.flag), help: "Address of the HTTP endpoints (default 0.0.0.0).")
    var httpHost: String?
    @Option(name: .customLong(ConfigurationKey.httpPort.flag), help: "Port of the HTTP endpoints; 0 picks a free one (default 8080).")
    var httpPort: String?
    @Option(name: .customLong(ConfigurationKey.bacsSUN.flag), help: "Bacs service user number (default 123456).")
    var bacsSUN: String?
    @Option(name: .customLong(ConfigurationKey.bacsOriginatingSortCode.flag), help: "The funding account's sort code (default 200000).")
    var bacsSortCode: String?
    @Option(name: .customLong(ConfigurationKey.bacsOriginatingAccount.flag), help: "The funding account's number (default 12345678).")
    var bacsAccount: String?
    @Option(name: .customLong(ConfigurationKey.bacsServiceUserName.flag), help: "Service user name in every credit (default DWP).")
    var bacsName: String?
    @Option(name: .customLong(ConfigurationKey.bacsContraNarrative.flag), help: "The contra's narrative (default DWP BENEFITS).")
    var bacsNarrative: String?
    @Option(name: .customLong(ConfigurationKey.bacsContraAccountName.flag), help: "The contra's account name (default DWP).")
    var bacsContraName: String?
    @Option(name: .customLong(ConfigurationKey.bacsMaximumItemsPerFile.flag), help: "Credits per file before it is split (default 250000).")
    var bacsItems: String?
    @Option(name: .customLong(ConfigurationKey.itemLimitPence.flag), help: "Largest payment made automatically, in pence (default 2000000).")
    var itemLimit: String?
    @Option(name: .customLong(ConfigurationKey.retentionDays.flag), help: "Days paid markers and ledger entries are kept (default 400).")
    var retentionDays: String?
    @Option(name: .customLong(ConfigurationKey.shutdownGracePeriod.flag), help: "Longest graceful shutdown, e.g. 30s or 2m (default 30s).")
    var shutdownGracePeriod: String?
    @Option(name: .customLong(ConfigurationKey.logLevel.flag), help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?

    /// The flags given, by name, for `ServiceConfiguration.load`.
    private var flags: [String: String] {
        let given: [(String, String?)] = [
            (ConfigurationKey.configFileFlag, config), (ConfigurationKey.bootstrapServers.flag, bootstrapServers),
            (ConfigurationKey.keyring.flag, keyring), (ConfigurationKey.stateDirectory.flag, stateDir),
            (ConfigurationKey.outputDirectory.flag, outDir), (ConfigurationKey.groupID.flag, groupId),
            (ConfigurationKey.httpHost.flag, httpHost), (ConfigurationKey.httpPort.flag, httpPort),
            (ConfigurationKey.bacsSUN.flag, bacsSUN), (ConfigurationKey.bacsOriginatingSortCode.flag, bacsSortCode),
            (ConfigurationKey.bacsOriginatingAccount.flag, bacsAccount), (ConfigurationKey.bacsServiceUserName.flag, bacsName),
            (ConfigurationKey.bacsContraNarrative.flag, bacsNarrative), (ConfigurationKey.bacsContraAccountName.flag, bacsContraName),
            (ConfigurationKey.bacsMaximumItemsPerFile.flag, bacsItems), (ConfigurationKey.itemLimitPence.flag, itemLimit),
            (ConfigurationKey.retentionDays.flag, retentionDays), (ConfigurationKey.shutdownGracePeriod.flag, shutdownGracePeriod),
            (ConfigurationKey.logLevel.flag, logLevel),
        ]
        return Dictionary(uniqueKeysWithValues: given.compactMap { name, value in value.map { (name, $0) } })
    }

    func run() async throws {
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration.load(ConfigurationSources(flags: flags, environment: ProcessInfo.processInfo.environment))
        } catch {
            FileHandle.standardError.write(Data("backstop run: \(error)\n".utf8))
            throw ExitCode(ConfigurationError.exitStatus)
        }
        let logger = ServiceLogging.makeLogger(label: "backstop.run", level: configuration.logLevel)
        let host = configuration.httpHost
        do {
            try await BackstopService.run(configuration: configuration, metrics: MetricsRegistry(), logger: logger, onHTTPBound: { port in
                // Straight to the file descriptor, unbuffered, so a supervisor sees it at once.
                FileHandle.standardOutput.write(Data("http=\(host):\(port)\n".utf8))
            })
        } catch let error as MirrorError {
            throw configurationError("\(error)")
        } catch let error as RunConfigurationError {
            throw configurationError("\(error)")
        }
    }
}
