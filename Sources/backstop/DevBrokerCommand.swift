import ArgumentParser
import Foundation
import Logging
import Pipeline

/// `backstop dev-broker`: the embedded Kafka cluster with every topic of topics.yaml, until
/// SIGINT or SIGTERM (DESIGN.md 7). The first line on stdout is `bootstrap.servers=…`;
/// everything else goes to stderr.
struct DevBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-broker",
        abstract: "Run the embedded Kafka cluster (librdkafka's mock cluster) with Backstop's topics until stopped.")

    @Option(help: "Number of brokers (1-32).")
    var brokers = 3

    @Option(help: "Partitions of every topic that has more than one in the topics file; single-partition topics such as backstop.control keep 1 (default: as in the topics file).")
    var partitions: Int?

    @Option(help: "The topics file.")
    var topics = "topics/topics.yaml"

    @Option(help: "Also write the bootstrap.servers line to this file.")
    var bootstrapFile: String?

    func validate() throws {
        guard (1...32).contains(brokers) else { throw ValidationError("--brokers must be within 1...32, got \(brokers)") }
        if let partitions, partitions < 1 { throw ValidationError("--partitions must be at least 1, got \(partitions)") }
    }

    func run() async throws {
        var logger = Logger(label: "backstop.dev-broker", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .info
        let catalog: TopicCatalog
        do {
            catalog = try TopicCatalog.load(path: topics)
        } catch {
            FileHandle.standardError.write(Data("backstop dev-broker: --topics: \(error)\n".utf8))
            throw ExitCode(2)
        }
        // Signals are routed to dispatch sources before the cluster starts, so a stop request
        // is never missed.
        let stop = StopSignals([SIGINT, SIGTERM])
        let broker = try DevBroker.start(catalog: catalog, brokers: brokers, partitions: partitions, logger: logger)
        // The file first, so whoever has read the stdout line can rely on the file too.
        if let bootstrapFile {
            try Data((broker.bootstrapLine + "\n").utf8).write(to: URL(fileURLWithPath: bootstrapFile), options: .atomic)
        }
        // Written straight to the file descriptor: unbuffered, so a reader sees it at once.
        FileHandle.standardOutput.write(Data((broker.bootstrapLine + "\n").utf8))
        let signal = await stop.wait()
        logger.info("stopping", metadata: ["signal": .stringConvertible(signal)])
        withExtendedLifetime(broker) {}
    }
}
