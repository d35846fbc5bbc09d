import Foundation
import Kafka
import Pipeline
import Testing
import TestSupport

/// `backstop topics apply` as a child process against noida-db, a broker with an admin API.
@Suite("noida-db tier: backstop topics apply")
struct NoidaTierTopicsApplyTests {
    @Test("creates all eight topics with their partition counts, capping replication at one broker; a second apply changes nothing")
    func createsAllTopicsIdempotently() async throws {
        let broker = try await NoidaBroker.start()
        let backstop = try BuiltProduct.path("backstop")
        let arguments = ["topics", "apply", "--bootstrap-servers", broker.bootstrapServers, "--file", TopicCatalogTests.catalogPath]
        let catalog = try TopicCatalog.load(path: TopicCatalogTests.catalogPath)
        #expect(catalog.topics.count == 8)

        let first = try await runProcess(backstop, arguments)
        #expect(first.status == 0, "\(first.stderr)")
        for topic in catalog.topics {
            let plural = topic.partitions == 1 ? "" : "s"
            #expect(first.stdout.contains("created \(topic.name): \(topic.partitions) partition\(plural), replication factor 1\n"), "\(topic.name)")
            #expect(first.stderr.contains("warning: \(topic.name): replication factor 3 capped at 1"), "\(topic.name)")
        }
        let metadata = try await broker.admin().clusterMetadata()
        #expect(metadata.brokers.count == 1)
        for topic in catalog.topics {
            #expect(metadata.partitionCounts[topic.name] == topic.partitions, "\(topic.name)")
        }

        let second = try await runProcess(backstop, arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stdout.contains("created"))
        for topic in catalog.topics {
            #expect(second.stdout.contains("exists \(topic.name): partition count as in the file, left unchanged\n"), "\(topic.name)")
        }
        #expect(try await broker.admin().clusterMetadata().partitionCounts == metadata.partitionCounts)
        await broker.stop()
    }

    @Test("a topic that exists with another partition count is named, left alone, and the exit status is 1")
    func partitionMismatch() async throws {
        let broker = try await NoidaBroker.start()
        let outcomes = try await broker.admin().createTopics([NewTopic(name: "estate.awards", partitions: 6, replicationFactor: 1)])
        #expect(outcomes == ["estate.awards": .created])

        let applied = try await runProcess(
            try BuiltProduct.path("backstop"),
            ["topics", "apply", "--bootstrap-servers", broker.bootstrapServers, "--file", TopicCatalogTests.catalogPath])
        #expect(applied.status == 1)
        #expect(applied.stderr.contains("error: estate.awards exists with 6 partitions, the file says 12: left unchanged"))
        // Every other topic is still created.
        #expect(applied.stdout.contains("created estate.claimants: 12 partitions"))
        #expect(!applied.stdout.contains("estate.awards"))
        let counts = try await broker.admin().clusterMetadata().partitionCounts
        #expect(counts["estate.awards"] == 6)
        #expect(counts["estate.claimants"] == 12)
        await broker.stop()
    }

    @Test("the admin API reports an existing topic as existing and a refused one with the broker's error")
    func adminOutcomes() async throws {
        let broker = try await NoidaBroker.start()
        let admin = try broker.admin()
        let name = uniqueName("noida-admin")
        #expect(try await admin.createTopics([NewTopic(name: name, partitions: 3, replicationFactor: 1)]) == [name: .created])
        #expect(try await admin.createTopics([NewTopic(name: name, partitions: 3, replicationFactor: 1)]) == [name: .alreadyExists])
        // Three replicas on a one-broker server: refused, with the broker's reason.
        let tooMany = uniqueName("noida-rf3")
        let outcome = try await admin.createTopics([NewTopic(name: tooMany, partitions: 1, replicationFactor: 3)])[tooMany]
        guard case .failed(let errorName, _) = outcome else {
            Issue.record("replication factor 3 on one broker was not refused: \(String(describing: outcome))")
            await broker.stop()
            return
        }
        #expect(errorName == "INVALID_REPLICATION_FACTOR")
        #expect(try await admin.clusterMetadata().partitionCounts[name] == 3)
        await broker.stop()
    }
}
