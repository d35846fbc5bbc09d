import Foundation
import Pipeline
import Testing

@Suite("Topic catalogue")
struct TopicCatalogTests {
    /// topics/topics.yaml of this checkout, found from this source file.
    static let catalogPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("topics/topics.yaml").path

    @Test("topics.yaml loads: the eight topics of DESIGN.md 2, estate topics co-partitioned, control single")
    func loadsTheProjectFile() throws {
        let catalog = try TopicCatalog.load(path: Self.catalogPath)
        #expect(catalog.topics.map(\.name) == [
            "estate.claimants", "estate.awards", "estate.payments", "backstop.control",
            "backstop.payments", "backstop.batches", "backstop.audit", "backstop.dlq",
        ])
        let estate = TopicCatalog.estateTopics.compactMap { catalog.topic(named: $0) }
        #expect(estate.count == 3)
        #expect(Set(estate.map(\.partitions)).count == 1, "the estate topics are co-partitioned")
        #expect(catalog.topic(named: TopicCatalog.controlTopic)?.partitions == 1)
        #expect(catalog.topic(named: "estate.claimants")?.key == "NINO")
        #expect(catalog.topic(named: "estate.claimants")?.configs["min.insync.replicas"] == "2")
    }

    @Test(
        "a bad file is rejected, naming the topic and the field",
        arguments: [
            ("topics:\n  - {name: a, partitions: 1, replicationFactor: 1}\n  - {name: a, partitions: 2, replicationFactor: 1}\n",
             "topic a, field name: appears more than once"),
            ("topics:\n  - {name: a, partitions: 0, replicationFactor: 1}\n", "topic a, field partitions: must be at least 1"),
            ("topics:\n  - {name: a, partitions: twelve, replicationFactor: 1}\n", "topic a, field partitions: must be a whole number"),
            ("topics:\n  - {name: a, replicationFactor: 1}\n", "topic a, field partitions: missing"),
            ("topics:\n  - {name: a, partitions: 1, replicationFactor: 1, partition: 3}\n", "topic a, field partition: unknown field"),
            ("topics:\n  - {name: 'a b', partitions: 1, replicationFactor: 1}\n", "topic a b, field name: not a legal Kafka topic name"),
            ("topics:\n  - {name: a, partitions: 1, replicationFactor: 1, configs: [x]}\n", "topic a, field configs: must be a mapping"),
            ("topics:\n  - {partitions: 1, replicationFactor: 1}\n", "topic #1, field name: missing"),
            ("topic:\n  - {name: a}\n", "expected a mapping with a `topics` list"),
            ("topics: [\n", "not valid YAML"),
        ])
    func rejectsBadFiles(yaml: String, expected: String) throws {
        let error = #expect(throws: TopicCatalogError.self) { try TopicCatalog.parse(yaml: yaml, source: "test.yaml") }
        let description = error.map(String.init(describing:)) ?? ""
        #expect(description.hasPrefix("test.yaml"))
        #expect(description.contains(expected), "\(description)")
    }

    @Test("config values may be written as numbers or booleans; they are kept as text")
    func configValues() throws {
        let catalog = try TopicCatalog.parse(
            yaml: "topics:\n  - {name: t, partitions: 2, replicationFactor: 1, configs: {retention.ms: 1000, x: true, y: \"-1\"}}\n",
            source: "test.yaml")
        #expect(catalog.topics.first?.configs == ["retention.ms": "1000", "x": "true", "y": "-1"])
    }
}
