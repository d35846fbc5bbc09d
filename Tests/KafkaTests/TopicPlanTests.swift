import Kafka
import Pipeline
import Testing

@Suite("Topic plan of backstop topics apply (no broker)")
struct TopicPlanTests {
    let catalog: TopicCatalog

    init() throws {
        catalog = try TopicCatalog.parse(yaml: """
        topics:
          - {name: estate.awards, partitions: 12, replicationFactor: 3, configs: {min.insync.replicas: "2", retention.ms: "-1"}}
          - {name: backstop.control, partitions: 1, replicationFactor: 3}
          - {name: backstop.dlq, partitions: 12, replicationFactor: 2, configs: {min.insync.replicas: "2"}}
        """, source: "test")
    }

    @Test("missing topics are created; existing ones with the same count are left; other counts are mismatches")
    func createsOnlyWhatIsMissing() {
        let plan = TopicPlan(
            catalog: catalog,
            metadata: ClusterMetadata(brokers: [1, 2, 3], partitionCounts: ["backstop.control": 1, "backstop.dlq": 6, "other": 4]))
        #expect(plan.toCreate == [
            NewTopic(name: "estate.awards", partitions: 12, replicationFactor: 3, configs: ["min.insync.replicas": "2", "retention.ms": "-1"]),
        ])
        #expect(plan.unchanged == ["backstop.control"])
        #expect(plan.mismatches == [TopicPlan.PartitionMismatch(topic: "backstop.dlq", wanted: 12, found: 6)])
        #expect(plan.replicationCaps.isEmpty)
    }

    @Test("on one broker the replication factor is capped at 1 and min.insync.replicas with it; other configs are kept")
    func capsReplicationAtBrokerCount() {
        let plan = TopicPlan(catalog: catalog, metadata: ClusterMetadata(brokers: [1], partitionCounts: [:]))
        #expect(plan.toCreate.map { $0.replicationFactor } == [1, 1, 1])
        #expect(plan.toCreate[0].configs == ["min.insync.replicas": "1", "retention.ms": "-1"])
        #expect(plan.replicationCaps == [
            .init(topic: "estate.awards", wanted: 3, capped: 1),
            .init(topic: "backstop.control", wanted: 3, capped: 1),
            .init(topic: "backstop.dlq", wanted: 2, capped: 1),
        ])
    }

    @Test("on two brokers RF 3 becomes 2 and min.insync.replicas 2 stays; RF 2 is not capped")
    func capsOnlyWhatExceeds() {
        let plan = TopicPlan(catalog: catalog, metadata: ClusterMetadata(brokers: [1, 2], partitionCounts: [:]))
        #expect(plan.toCreate.map { $0.replicationFactor } == [2, 2, 2])
        #expect(plan.toCreate[0].configs["min.insync.replicas"] == "2")
        #expect(plan.replicationCaps.map { $0.topic } == ["estate.awards", "backstop.control"])
    }
}
