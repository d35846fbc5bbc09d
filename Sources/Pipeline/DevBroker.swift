import Kafka
import Logging

/// The development broker of `backstop dev-broker` and `make broker` (DESIGN.md 7): an
/// embedded cluster with every topic of the catalogue. Its limits are those of
/// `EmbeddedCluster`: in memory, 5 MiB per partition, no transaction filtering.
public final class DevBroker: Sendable {
    public let cluster: EmbeddedCluster
    /// The topics as created (partition counts after any override).
    public let topics: [TopicSpec]

    private init(cluster: EmbeddedCluster, topics: [TopicSpec]) {
        self.cluster = cluster
        self.topics = topics
    }

    /// The line `backstop dev-broker` prints first: `bootstrap.servers=HOST:PORT,…`.
    public var bootstrapLine: String { "bootstrap.servers=\(cluster.bootstrapServersValue)" }

    /// Starts `brokers` brokers and creates every topic of `catalog`. `partitions`, when
    /// given, replaces the partition count of every topic that has more than one: a topic with
    /// a single partition has it for one total order (backstop.control's commands,
    /// DESIGN.md 2; backstop.audit's history in topics.yaml), and the control topic is kept at
    /// 1 whatever the file says.
    public static func start(
        catalog: TopicCatalog, brokers: Int, partitions: Int?, logger: Logger
    ) throws -> DevBroker {
        precondition(partitions.map { $0 >= 1 } ?? true, "a topic has at least one partition")
        let cluster = try EmbeddedCluster.start(brokers: brokers, logger: logger)
        let topics = catalog.topics.map { topic in
            let count =
                if topic.name == TopicCatalog.controlTopic { 1 }
                else if topic.partitions == 1 { 1 }
                else { partitions ?? topic.partitions }
            return TopicSpec(
                name: topic.name, partitions: count, replicationFactor: topic.replicationFactor,
                key: topic.key, description: topic.description, configs: topic.configs)
        }
        for topic in topics {
            try cluster.createTopic(topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor)
            logger.info(
                "topic created",
                metadata: [
                    LogKey.kafkaTopic: .string(topic.name),
                    LogKey.kafkaPartitions: .stringConvertible(topic.partitions),
                    LogKey.kafkaReplicationFactor: .stringConvertible(min(topic.replicationFactor, brokers)),
                ])
        }
        logger.info(
            "embedded cluster serving",
            metadata: [
                LogKey.kafkaBootstrap: .string(cluster.bootstrapServersValue),
                LogKey.kafkaBrokers: .stringConvertible(brokers),
            ])
        return DevBroker(cluster: cluster, topics: topics)
    }
}
