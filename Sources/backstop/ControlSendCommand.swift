import ArgumentParser
import Control
import Foundation
import Kafka
import Logging
import Pipeline
import Synchronization

extension ControlCLI {
    /// `backstop control send --bootstrap-servers BS ENVELOPE` (DESIGN.md 7): produces the
    /// envelope to backstop.control keyed by its commandId, waits for the broker's
    /// acknowledgement and prints where the record went. The envelope is sent as it is on
    /// disk: the control stage, not the sender, decides on it.
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an envelope to backstop.control and wait until the broker has it.")

        @Option(help: "Brokers to send to, host:port,… (or BACKSTOP_BOOTSTRAP_SERVERS).")
        var bootstrapServers: String?

        @Option(help: "How long to wait for the broker's acknowledgement, in seconds.")
        var timeout = 30

        @OptionGroup var kafka: KafkaPropertyOptions

        @Argument(help: "The envelope file (from `backstop control sign` and `approve`).")
        var envelope: String

        func run() async throws {
            guard let servers = bootstrapServers ?? ProcessInfo.processInfo.environment["BACKSTOP_BOOTSTRAP_SERVERS"] else {
                throw ValidationError("--bootstrap-servers (or BACKSTOP_BOOTSTRAP_SERVERS) is required")
            }
            guard (1...600).contains(timeout) else { throw ValidationError("--timeout must be within 1...600 seconds") }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: envelope))
            // The key is the commandId; an envelope this tool cannot read is refused here rather
            // than sent to be rejected (a deliberately malformed one can still be sent with kcat).
            let commandID = try ControlCommand.decode(try ControlEnvelope.decode(bytes).command).commandId
            var logger = Logger(label: "backstop.control.send", factory: { StreamLogHandler.standardError(label: $0) })
            logger.logLevel = .warning
            var configuration = KafkaProducerConfiguration(bootstrapServers: servers.split(separator: ",").map(String.init))
            configuration.messageTimeout = .seconds(timeout)
            configuration.additionalProperties = try kafka.properties()
            let report = Mutex<KafkaDeliveryReport?>(nil)
            let producer = try KafkaProducer.make(configuration: configuration, logger: logger) { delivered in
                report.withLock { $0 = delivered }
            }
            try await producer.send(KafkaProducerRecord(topic: ControlStage.controlTopic, key: Array(commandID.utf8), value: Array(bytes)))
            _ = try await producer.awaitDeliveries(timeout: .seconds(timeout + 5))
            try await producer.close(timeout: .seconds(5))
            switch report.withLock({ $0 })?.result {
            case .success(let position):
                print("sent \(commandID) to \(position)")
            case .failure(let error):
                FileHandle.standardError.write(Data("backstop control send: \(commandID) not delivered: \(error)\n".utf8))
                throw ExitCode(1)
            case nil:
                preconditionFailure("awaitDeliveries returned before the record's delivery report")
            }
        }
    }
}
