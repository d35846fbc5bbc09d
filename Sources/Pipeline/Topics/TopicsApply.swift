import Kafka
import Logging

/// What `backstop topics apply` did, topic by topic.
public struct TopicsApplyReport: Sendable, Equatable {
    public let plan: TopicPlan
    /// Created now, in catalogue order.
    public let created: [NewTopic]
    /// Created meanwhile by someone else (the broker said it exists): left alone, and its
    /// partition count checked like any existing topic's.
    public let createdElsewhere: [String]
    /// The broker refused to create these: topic, librdkafka error name, broker message.
    public let failures: [Failure]
    /// Existing topics, planned or created elsewhere, with a partition count other than the
    /// catalogue's.
    public let mismatches: [TopicPlan.PartitionMismatch]

    public struct Failure: Sendable, Equatable {
        public let topic: String
        public let errorName: String
        public let message: String
    }

    /// Every topic of the catalogue exists with its partition count.
    public var succeeded: Bool { failures.isEmpty && mismatches.isEmpty }
}

/// Creates the topics of `catalog` that `admin`'s cluster lacks (DESIGN.md 2, `backstop topics
/// apply`). Existing topics are never changed. Works on any broker with an admin API: a real
/// cluster, or noida-db in tests; the embedded cluster has none (DESIGN.md 7).
public func applyTopics(catalog: TopicCatalog, admin: KafkaAdmin, logger: Logger) async throws -> TopicsApplyReport {
    let metadata = try await admin.clusterMetadata()
    let plan = TopicPlan(catalog: catalog, metadata: metadata)
    let outcomes = try await admin.createTopics(plan.toCreate)
    var created: [NewTopic] = []
    var elsewhere: [String] = []
    var failures: [TopicsApplyReport.Failure] = []
    for topic in plan.toCreate {
        switch outcomes[topic.name] {
        case .created:
            created.append(topic)
            logger.info("topic created", metadata: [
                LogKey.kafkaTopic: .string(topic.name),
                LogKey.kafkaPartitions: .stringConvertible(topic.partitions),
                LogKey.kafkaReplicationFactor: .stringConvertible(topic.replicationFactor),
            ])
        case .alreadyExists:
            elsewhere.append(topic.name)
        case .failed(let errorName, let message):
            failures.append(.init(topic: topic.name, errorName: errorName, message: message))
        case nil:
            failures.append(.init(topic: topic.name, errorName: "NO_RESULT", message: "the broker's answer did not name the topic"))
        }
    }
    var mismatches = plan.mismatches
    if !elsewhere.isEmpty {
        // Someone else created them between the metadata request and ours: check their counts.
        let now = try await admin.clusterMetadata()
        let planned = Dictionary(uniqueKeysWithValues: plan.toCreate.map { ($0.name, $0.partitions) })
        for name in elsewhere {
            if let wanted = planned[name], let found = now.partitionCounts[name], found != wanted {
                mismatches.append(.init(topic: name, wanted: wanted, found: found))
            }
        }
    }
    return TopicsApplyReport(
        plan: plan, created: created, createdElsewhere: elsewhere, failures: failures, mismatches: mismatches)
}
