import Foundation
import Kafka
import Logging
import Pipeline

/// Which broker a Kafka benchmark runs on (`--broker`).
enum BrokerChoice: String, CaseIterable, Sendable {
    /// librdkafka's mock cluster inside this process: at most 5 MiB per partition (DESIGN.md 7).
    case embedded
    /// noida-db as a child process (docs/brokers.md): keeps every record, on disk.
    case noida

    var label: String {
        switch self {
        case .embedded: "embedded broker"
        case .noida: "noida-db"
        }
    }
}

/// A benchmark that runs on either broker, over an estate sized in claimants.
protocol BrokerBenchmark: Benchmark {
    /// `claimants` nil: the benchmark's default for that broker.
    static func run(on broker: BrokerChoice, claimants: Int?) async throws
}

extension BrokerBenchmark {
    static func run() async throws { try await run(on: .embedded, claimants: nil) }
}

/// One broker for one benchmark: the embedded cluster (one broker) in this process, or a
/// noida-db server of its own. Stop it when done: noida-db's data folder is removed then.
final class BenchBroker: Sendable {
    let choice: BrokerChoice
    let bootstrapServers: [String]
    private let embedded: EmbeddedCluster?
    private let noida: NoidaServer?
    private let logger: Logger

    private init(choice: BrokerChoice, bootstrapServers: [String], embedded: EmbeddedCluster?, noida: NoidaServer?, logger: Logger) {
        self.choice = choice
        self.bootstrapServers = bootstrapServers
        self.embedded = embedded
        self.noida = noida
        self.logger = logger
    }

    static func start(_ choice: BrokerChoice, logger: Logger) async throws -> BenchBroker {
        switch choice {
        case .embedded:
            let cluster = try EmbeddedCluster.start(brokers: 1, logger: logger)
            return BenchBroker(choice: choice, bootstrapServers: cluster.bootstrapServers, embedded: cluster, noida: nil, logger: logger)
        case .noida:
            let server = try await NoidaServer.start(logger: logger)
            return BenchBroker(choice: choice, bootstrapServers: [server.bootstrapServers], embedded: nil, noida: server, logger: logger)
        }
    }

    var bootstrapServersValue: String { bootstrapServers.joined(separator: ",") }

    /// librdkafka properties every consumer that reads from this broker needs. noida-db 0.2.3
    /// ignores a fetch's byte limits (fetch.max.bytes, 50 MiB by default) and answers with
    /// every batch from the fetch offset to the end of each partition asked for: 352 MB for a
    /// consumer starting at the beginning of a 1,000,000-claimant estate (seen), which
    /// librdkafka refuses (over receive.message.max.bytes, 100 MB by default) and fetches
    /// again, forever. Kafka keeps to the limits, so only noida-db needs this.
    var consumerProperties: [String: String] {
        switch choice {
        case .embedded: [:]
        case .noida: ["receive.message.max.bytes": "2147483647"]
        }
    }

    /// Creates each topic with `partitions` partitions and one replica (broker defaults
    /// otherwise). noida-db's are made through the admin API; every one must be new.
    func createTopics(_ names: [String], partitions: Int) async throws {
        if let embedded {
            for name in names { try embedded.createTopic(name, partitions: partitions) }
            return
        }
        let admin = try KafkaAdmin.make(configuration: KafkaAdminConfiguration(bootstrapServers: bootstrapServers), logger: logger)
        let outcomes = try await admin.createTopics(names.map { NewTopic(name: $0, partitions: partitions, replicationFactor: 1) })
        for name in names where outcomes[name] != .created {
            throw KafkaError(.admin, message: "\(choice.label) did not create \(name): \(outcomes[name].map { "\($0)" } ?? "no answer")")
        }
    }

    /// Every topic of `catalog` as `backstop topics apply` makes it (noida-db), or, on the
    /// embedded broker (no admin API; 5 MiB a partition), as `backstop dev-broker
    /// --partitions` does: every topic of more than one partition gets
    /// `embeddedPartitions`, so the outputs stay co-partitioned with the estate (the
    /// service's ledger rebuild reads backstop.payments partition by partition). Returns the
    /// estate topics' partition count.
    func createCatalogTopics(_ catalog: TopicCatalog, embeddedPartitions: Int) async throws -> Int {
        if embedded != nil {
            for topic in catalog.topics {
                try await createTopics([topic.name], partitions: topic.partitions == 1 ? 1 : embeddedPartitions)
            }
            return embeddedPartitions
        }
        let admin = try KafkaAdmin.make(configuration: KafkaAdminConfiguration(bootstrapServers: bootstrapServers), logger: logger)
        let report = try await applyTopics(catalog: catalog, admin: admin, logger: logger)
        guard report.succeeded, report.created.count == catalog.topics.count else {
            throw KafkaError(.admin, message: "\(choice.label) did not create the catalogue's topics: created \(report.created.map(\.name)), failed \(report.failures), partition counts differ \(report.mismatches)")
        }
        let counts = Set(catalog.topics.filter { TopicCatalog.estateTopics.contains($0.name) }.map(\.partitions))
        precondition(counts.count == 1, "the estate topics are co-partitioned (topics.yaml)")
        return counts.first!
    }

    /// For the record, before `stop`: where the broker's memory and data are.
    var footprint: String {
        guard let noida else { return "the embedded broker holds its records in this process's memory" }
        return "noida-db VmHWM \(peakResidentMemory(of: noida.processIdentifier)), data folder \(megabytes(noida.dataBytes)) MB"
    }

    /// Stops noida-db (it saves its data first; the time that takes and the data's size are
    /// printed) and removes its folder. The embedded cluster stops when released.
    func stop() async {
        guard let noida else { return }
        print("noida-db at stop: \(footprint)")
        let saving = await noida.stop()
        let peak = noida.peak
        print("noida-db stopped in \(saving) (SIGTERM to exit, saving first); data saved \(megabytes(noida.dataBytes)) MB; peaks over its life: VmHWM \(peak.memory), data folder \(megabytes(peak.dataBytes)) MB; CPU time \(String(format: "%.1f", peak.cpuSeconds)) s")
        noida.removeData()
    }
}

func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_000_000) }
