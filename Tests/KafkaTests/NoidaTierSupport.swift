import Kafka
import TestSupport

/// Clients for the noida-db tier (DESIGN.md 7, docs/brokers.md): the same configurations as
/// the embedded tier's, pointed at one noida-db broker.
extension NoidaBroker {
    var servers: [String] { [bootstrapServers] }

    func consumerConfiguration(group: String, isolation: IsolationLevel = .readCommitted) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: servers, groupID: group)
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.isolationLevel = isolation
        return configuration
    }

    func producerConfiguration() -> KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(bootstrapServers: servers)
        configuration.linger = .milliseconds(2)
        return configuration
    }

    func transactionalProducer() throws -> KafkaTransactionalProducer {
        var configuration = KafkaTransactionalProducerConfiguration(
            producer: producerConfiguration(), transactionalID: uniqueName("txn"))
        configuration.callTimeout = .seconds(30)
        return try KafkaTransactionalProducer.make(configuration: configuration, logger: testLogger())
    }

    func admin() throws -> KafkaAdmin {
        try KafkaAdmin.make(configuration: KafkaAdminConfiguration(bootstrapServers: servers), logger: testLogger())
    }

    /// Creates a fresh topic through the admin API and returns its name.
    func createTopic(_ prefix: String, partitions: Int) async throws -> String {
        let name = uniqueName(prefix)
        let outcomes = try await admin().createTopics([NewTopic(name: name, partitions: partitions, replicationFactor: 1)])
        guard outcomes[name] == .created else { throw TopicNotCreated(topic: name, outcome: outcomes[name]) }
        return name
    }
}

struct TopicNotCreated: Error, CustomStringConvertible {
    let topic: String
    let outcome: TopicCreationOutcome?
    var description: String { "topic \(topic) not created: \(String(describing: outcome))" }
}
