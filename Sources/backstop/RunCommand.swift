import ArgumentParser
import Foundation
import Metrics
import Pipeline

/// `backstop run`: the always-on service (DESIGN.md 7); for now the mirror, until SIGTERM or
/// SIGINT, then a clean shutdown (consumer closed, store closed). Prints
/// `caught-up partitions=0,1,…` on stdout each time every partition it owns has caught up.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the service: mirror the estate into the store until SIGTERM or SIGINT.")

    @Option(help: "Kafka bootstrap servers, HOST:PORT[,…].")
    var bootstrapServers: String

    @Option(help: "The state folder (the entitlement store).")
    var stateDir: String

    @Option(help: "The consumer group shared by the processes of one deployment.")
    var groupId = "backstop"

    @Option(help: "Records in one store update at most.")
    var batchSize = 10_000

    @Option(help: "Consumer group session timeout in milliseconds.")
    var sessionTimeoutMs = 10_000

    func run() async throws {
        let logger = commandLogger("backstop.run")
        var configuration = BackstopConfiguration(
            bootstrapServers: bootstrapServers.split(separator: ",").map(String.init), stateDirectory: stateDir)
        configuration.groupID = groupId
        configuration.mirror.maxBatchSize = batchSize
        configuration.consumerProperties = ["session.timeout.ms": String(sessionTimeoutMs), "heartbeat.interval.ms": String(max(100, sessionTimeoutMs / 10))]
        do {
            // One stdout line each time every owned partition has caught up, for scripts and tests.
            try await BackstopService.run(
                configuration: configuration, metrics: MetricsSystem.factory, logger: logger,
                onCaughtUp: { partitions in
                    FileHandle.standardOutput.write(Data("caught-up partitions=\(partitions.map(String.init).joined(separator: ","))\n".utf8))
                })
        } catch let error as MirrorError {
            throw configurationError("\(error)")
        }
    }
}
