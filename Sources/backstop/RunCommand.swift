import ArgumentParser
import Foundation
import Logging
import Pipeline
import Synchronization

/// `backstop run`: the always-on service (DESIGN.md 7): mirror, control, runs and HTTP in one
/// process until SIGTERM or SIGINT, then a graceful shutdown within the configured limit.
///
/// Every setting is a flag, an environment variable (`BACKSTOP_…`) and a key of the config
/// file, in that order of precedence (`backstop.yaml` lists them with their defaults). A bad
/// setting stops it at once with a message naming the setting, exit status 2. Logs go to
/// stderr. On stdout, for scripts and tests: `caught-up partitions=0,1,…` each time every owned
/// partition has caught up. `--http-port-file` receives `HOST:PORT` once the endpoints listen,
/// always before the first stdout line.
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
    @Option(name: .customLong(ConfigurationKey.httpPort.flag), help: "Port of the HTTP endpoints; 0 picks a free one (default 0).")
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
    @Option(name: .customLong(ConfigurationKey.mirrorBatchSize.flag), help: "Records the mirror applies in one store update at most (default 10000).")
    var batchSize: String?
    @Option(name: .customLong(ConfigurationKey.groupInstanceID.flag), help: "This process's static membership id in the group (group.instance.id): unique per process, stable across its restarts (default none).")
    var groupInstanceId: String?
    @Option(name: .customLong(ConfigurationKey.kafkaPropertyFlag), help: "A librdkafka property NAME=VALUE for every Kafka client, over the config file's kafka: map (repeatable).")
    var kafkaProperties: [String] = []
    @Option(name: .customLong(ConfigurationKey.sessionTimeout.flag), help: "The mirror's group session timeout in milliseconds (default 10000).")
    var sessionTimeoutMs: String?
    @Option(help: "Write HOST:PORT of the HTTP endpoints to this file once they listen (useful with --http-port 0).")
    var httpPortFile: String?
    @Option(name: .customLong(ConfigurationKey.retentionDays.flag), help: "Days paid markers and ledger entries are kept (default 400).")
    var retentionDays: String?
    @Option(name: .customLong(ConfigurationKey.calendarOverrides.flag), help: "Bank holidays added and removed by proclamation (format: calendar/overrides.example).")
    var calendarOverrides: String?
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
            (ConfigurationKey.groupInstanceID.flag, groupInstanceId),
            (ConfigurationKey.httpHost.flag, httpHost), (ConfigurationKey.httpPort.flag, httpPort),
            (ConfigurationKey.bacsSUN.flag, bacsSUN), (ConfigurationKey.bacsOriginatingSortCode.flag, bacsSortCode),
            (ConfigurationKey.bacsOriginatingAccount.flag, bacsAccount), (ConfigurationKey.bacsServiceUserName.flag, bacsName),
            (ConfigurationKey.bacsContraNarrative.flag, bacsNarrative), (ConfigurationKey.bacsContraAccountName.flag, bacsContraName),
            (ConfigurationKey.bacsMaximumItemsPerFile.flag, bacsItems), (ConfigurationKey.itemLimitPence.flag, itemLimit),
            (ConfigurationKey.mirrorBatchSize.flag, batchSize), (ConfigurationKey.sessionTimeout.flag, sessionTimeoutMs),
            (ConfigurationKey.retentionDays.flag, retentionDays), (ConfigurationKey.calendarOverrides.flag, calendarOverrides), (ConfigurationKey.shutdownGracePeriod.flag, shutdownGracePeriod),
            (ConfigurationKey.logLevel.flag, logLevel),
        ]
        return Dictionary(uniqueKeysWithValues: given.compactMap { name, value in value.map { (name, $0) } })
    }

    func run() async throws {
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration.load(ConfigurationSources(flags: flags, environment: ProcessInfo.processInfo.environment, kafkaPropertyFlags: kafkaProperties))
        } catch {
            FileHandle.standardError.write(Data("backstop run: \(error)\n".utf8))
            throw ExitCode(ConfigurationError.exitStatus)
        }
        let logger = ServiceLogging.makeLogger(label: "backstop.run", level: configuration.logLevel)
        let announcer = Announcer(portFile: httpPortFile, host: configuration.httpHost)
        do {
            try await BackstopService.run(
                configuration: configuration, metrics: MetricsRegistry(), logger: logger,
                onHTTPBound: { announcer.bound(port: $0) }, onCaughtUp: { announcer.caughtUp($0) })
        } catch let error as MirrorError {
            throw configurationError("\(error)")
        } catch let error as RunConfigurationError {
            throw configurationError("\(error)")
        }
    }
}

/// What `backstop run` tells scripts: the HTTP port in a file, and catch-up lines on stdout,
/// in that order, so whoever has read a line can rely on the file.
final class Announcer: Sendable {
    private let portFile: String?
    private let host: String
    /// Lines held back until the port file is written.
    private let held = Mutex<[String]?>([])

    init(portFile: String?, host: String) {
        self.portFile = portFile
        self.host = host
    }

    func bound(port: Int) {
        held.withLock { held in
            if let portFile {
                // A failure to write it is the operator's to see, not a reason to stop paying.
                try? Data("\(host):\(port)\n".utf8).write(to: URL(fileURLWithPath: portFile), options: .atomic)
            }
            for line in held ?? [] { write(line) }
            held = nil
        }
    }

    func caughtUp(_ partitions: [Int32]) {
        let line = "caught-up partitions=" + partitions.map(String.init).joined(separator: ",")
        held.withLock { held in
            if held != nil { held!.append(line) } else { write(line) }
        }
    }

    /// Straight to the file descriptor, unbuffered, so a reader sees it at once.
    private func write(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
