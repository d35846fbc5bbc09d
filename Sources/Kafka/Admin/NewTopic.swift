/// A topic to create through the admin API: name, partition count, replication factor and
/// topic configs (each value exactly as `kafka-configs` takes it).
public struct NewTopic: Hashable, Sendable {
    public let name: String
    public let partitions: Int
    public let replicationFactor: Int
    public let configs: [String: String]

    public init(name: String, partitions: Int, replicationFactor: Int, configs: [String: String] = [:]) {
        precondition(!name.isEmpty, "a topic has a name")
        precondition(partitions >= 1, "a topic has at least one partition")
        precondition(replicationFactor >= 1, "a topic has at least one replica")
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

/// What the broker answered for one topic of a CreateTopics request.
public enum TopicCreationOutcome: Sendable, Equatable {
    case created
    /// The topic was there already; nothing was changed.
    case alreadyExists
    /// The broker refused it: librdkafka's error name (e.g. `INVALID_REPLICATION_FACTOR`) and
    /// the broker's message.
    case failed(errorName: String, message: String)
}
