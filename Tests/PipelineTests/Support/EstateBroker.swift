import Foundation
import Kafka
import Logging
import Pipeline
import Testing
import TestSupport

/// The two brokers the end-to-end suites run on, with the same assertions (issue 6,
/// docs/brokers.md): librdkafka's embedded mock cluster, in this process, and noida-db, a
/// second and independent implementation of the protocol in a child process. noida-db does
/// what the embedded broker cannot: it filters aborted transactions for read_committed
/// readers, fences a dead producer, stores transactional offsets and looks offsets up by time.
enum BrokerKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case embedded
    case noida

    var testDescription: String { rawValue }

    /// The shortest group session timeout the broker accepts: a killed or stopped member stays
    /// in the group until it expires. noida-db, like Kafka, refuses less than 6 s.
    var sessionTimeoutMilliseconds: Int {
        switch self {
        case .embedded: 3_000
        case .noida: 6_000
        }
    }

    /// The mirror consumer's properties for tests: the short session, heartbeats at a tenth.
    var consumerProperties: [String: String] {
        ["session.timeout.ms": String(sessionTimeoutMilliseconds), "heartbeat.interval.ms": String(sessionTimeoutMilliseconds / 10)]
    }
}

/// A fresh broker with every topic of topics.yaml, the partitioned ones with `partitions`
/// partitions (control and audit keep one) unless `counts` names the topic. Stop it with
/// `stop()`; either also stops when released (noida-db killed).
final class EstateBroker: Sendable {
    let kind: BrokerKind
    /// `host:port[,…]`.
    let servers: String
    private let embedded: DevBroker?
    private let noida: NoidaBroker?
    /// Holds the noida-db topics file with the test's partition count.
    private let folder: TemporaryDirectory?

    var bootstrapServers: [String] { servers.split(separator: ",").map(String.init) }

    static let topicsFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("topics/topics.yaml").path

    private init(kind: BrokerKind, servers: String, embedded: DevBroker?, noida: NoidaBroker?, folder: TemporaryDirectory?) {
        self.kind = kind
        self.servers = servers
        self.embedded = embedded
        self.noida = noida
        self.folder = folder
    }

    static func start(
        _ kind: BrokerKind, partitions: Int, counts: [String: Int] = [:], logger: Logger = estateBrokerLogger()
    ) async throws -> EstateBroker {
        precondition(partitions >= 1 && counts.values.allSatisfy { $0 >= 1 }, "a topic has at least one partition")
        let layout = try topicsYAML(partitions: partitions, counts: counts)
        switch kind {
        case .embedded:
            let catalog = try TopicCatalog.parse(yaml: layout, source: "topics.yaml with \(partitions) partitions")
            let broker = try DevBroker.start(catalog: catalog, brokers: 1, partitions: nil, logger: logger)
            return EstateBroker(kind: kind, servers: broker.cluster.bootstrapServersValue, embedded: broker, noida: nil, folder: nil)
        case .noida:
            let folder = try TemporaryDirectory()
            let topics = folder.child("topics.yaml")
            try Data(layout.utf8).write(to: URL(fileURLWithPath: topics))
            let noida = try await NoidaBroker.start(topicsFile: topics)
            return EstateBroker(kind: kind, servers: noida.bootstrapServers, embedded: nil, noida: noida, folder: folder)
        }
    }

    /// topics.yaml with every multi-partition topic given `partitions` (as `dev-broker
    /// --partitions` does), and each topic `counts` names given its count there, so both
    /// brokers hold the same layout.
    static func topicsYAML(partitions: Int, counts: [String: Int] = [:]) throws -> String {
        let original = try String(contentsOfFile: topicsFile, encoding: .utf8)
        var topic: String?
        var named: Set<String> = []
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- name:") {
                topic = trimmed.dropFirst("- name:".count).trimmingCharacters(in: .whitespaces)
            }
            guard trimmed.hasPrefix("partitions:") else { return String(line) }
            let indent = line.prefix { $0 == " " }
            if let topic, let count = counts[topic] {
                named.insert(topic)
                return "\(indent)partitions: \(count)"
            }
            return trimmed == "partitions: 1" ? String(line) : "\(indent)partitions: \(partitions)"
        }
        precondition(named == Set(counts.keys), "topics.yaml has no topic \(Set(counts.keys).subtracting(named).sorted())")
        return lines.joined(separator: "\n")
    }

    /// Stops noida-db (SIGTERM, then SIGKILL if it lingers; its data folder goes with the test).
    func stop() async {
        if let noida { await noida.stop() }
    }

    /// A producer of this broker (idempotent, the library's defaults).
    func producerConfiguration() -> KafkaProducerConfiguration {
        KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
    }
}

/// Warnings and worse to stderr; no global bootstrap.
func estateBrokerLogger() -> Logger {
    var logger = Logger(label: "estate-broker", factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = .warning
    return logger
}
