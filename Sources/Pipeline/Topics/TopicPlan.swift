import Kafka

/// What `backstop topics apply` will do on a cluster, decided from the catalogue and the
/// cluster's metadata alone, with no I/O (STYLE.md 7): create the missing topics, leave the
/// existing ones alone, and name every existing topic whose partition count differs.
///
/// A one-broker development server cannot hold replication factor 3: a topic's replication
/// factor is capped at the broker count, and its `min.insync.replicas` at that factor (else
/// every `acks=all` write would fail with NOT_ENOUGH_REPLICAS). Each cap is reported.
public struct TopicPlan: Sendable, Equatable {
    /// A topic that exists with a partition count other than the catalogue's. It is never
    /// changed here: adding partitions moves keys between partitions and breaks the estate
    /// topics' co-partitioning (DESIGN.md 2); that is a deliberate rebuild, not an apply.
    public struct PartitionMismatch: Sendable, Equatable {
        public let topic: String
        public let wanted: Int
        public let found: Int

        public init(topic: String, wanted: Int, found: Int) {
            self.topic = topic
            self.wanted = wanted
            self.found = found
        }
    }

    /// A topic created with fewer replicas than the catalogue asks for.
    public struct ReplicationCap: Sendable, Equatable {
        public let topic: String
        public let wanted: Int
        public let capped: Int

        public init(topic: String, wanted: Int, capped: Int) {
            self.topic = topic
            self.wanted = wanted
            self.capped = capped
        }
    }

    /// Topics to create, in catalogue order, with capped replication where needed.
    public let toCreate: [NewTopic]
    /// Topics that exist with the catalogue's partition count, in catalogue order.
    public let unchanged: [String]
    public let mismatches: [PartitionMismatch]
    public let replicationCaps: [ReplicationCap]

    public init(catalog: TopicCatalog, metadata: ClusterMetadata) {
        precondition(!metadata.brokers.isEmpty, "a cluster that answered metadata has at least one broker")
        let brokerCount = metadata.brokers.count
        var toCreate: [NewTopic] = []
        var unchanged: [String] = []
        var mismatches: [PartitionMismatch] = []
        var caps: [ReplicationCap] = []
        for topic in catalog.topics {
            if let found = metadata.partitionCounts[topic.name] {
                if found == topic.partitions {
                    unchanged.append(topic.name)
                } else {
                    mismatches.append(PartitionMismatch(topic: topic.name, wanted: topic.partitions, found: found))
                }
                continue
            }
            let replication = min(topic.replicationFactor, brokerCount)
            var configs = topic.configs
            if replication < topic.replicationFactor {
                caps.append(ReplicationCap(topic: topic.name, wanted: topic.replicationFactor, capped: replication))
                if let minISR = configs[Self.minInSyncReplicas].flatMap(Int.init), minISR > replication {
                    configs[Self.minInSyncReplicas] = String(replication)
                }
            }
            toCreate.append(
                NewTopic(name: topic.name, partitions: topic.partitions, replicationFactor: replication, configs: configs))
        }
        self.toCreate = toCreate
        self.unchanged = unchanged
        self.mismatches = mismatches
        self.replicationCaps = caps
    }

    static let minInSyncReplicas = "min.insync.replicas"
}
