import Entitlements
import Kafka
import Pipeline
import Simulation
import Testing
import TestSupport

@Suite("Simulate")
struct SimulateTests {
    @Test("on the embedded broker, an estate that would overflow a partition is refused before anything is produced")
    func refusesOverflow() async throws {
        let broker = try await EstateBroker.start(.embedded, partitions: 1)
        let simulator = try EstateSimulator(settings: SimulationSettings(claimants: 400, seed: 3, asOf: try CalendarDate("2026-11-20")))
        // The real limit is 5 MiB; a lower one keeps the estate small enough for a fast suite.
        var publisher = EstatePublisher(bootstrapServers: broker.bootstrapServers)
        publisher.embeddedPartitionLimit = 16 * 1024
        await #expect { _ = try await publisher.publish(simulator, logger: mirrorTestLogger(), progress: false) } throws: { error in
            "\(error)".contains("does not fit the embedded broker") && "\(error)".contains("[0]")
        }
        let consumer = try KafkaConsumer.make(
            configuration: KafkaConsumerConfiguration(bootstrapServers: broker.bootstrapServers, groupID: "probe"),
            assignment: .partitions([]), logger: mirrorTestLogger())
        for topic in TopicCatalog.estateTopics {
            #expect(try await consumer.queryWatermarks(TopicPartition(topic, 0)).high == 0)
        }
        await consumer.close()
        await broker.stop()
    }

    /// The twin of `refusesOverflow`: the limit is the embedded broker's alone, so noida-db,
    /// which keeps partitions whole, takes the same estate under the same lowered limit.
    @Test("on noida-db, the estate the embedded broker refuses is published whole: the limit is the embedded broker's alone")
    func noOverflowLimitOnNoida() async throws {
        let broker = try await EstateBroker.start(.noida, partitions: 1)
        let simulator = try EstateSimulator(settings: SimulationSettings(claimants: 400, seed: 3, asOf: try CalendarDate("2026-11-20")))
        var publisher = EstatePublisher(bootstrapServers: broker.bootstrapServers)
        publisher.embeddedPartitionLimit = 16 * 1024
        let summary = try await publisher.publish(simulator, logger: mirrorTestLogger(), progress: false)
        #expect(summary.total == simulator.count)
        let consumer = try KafkaConsumer.make(
            configuration: KafkaConsumerConfiguration(bootstrapServers: broker.bootstrapServers, groupID: "probe"),
            assignment: .partitions([]), logger: mirrorTestLogger())
        var held = 0
        for topic in TopicCatalog.estateTopics {
            let marks = try await consumer.queryWatermarks(TopicPartition(topic, 0))
            #expect(marks.low == 0)
            held += Int(marks.high)
        }
        #expect(held == simulator.count)
        await consumer.close()
        await broker.stop()
    }

    @Test("the estimate places records with murmur2: more partitions, smaller largest partition")
    func estimate() throws {
        let simulator = try EstateSimulator(settings: SimulationSettings(claimants: 400, seed: 3, asOf: try CalendarDate("2026-11-20")))
        func largest(_ partitions: Int) -> Int {
            let counts = Dictionary(uniqueKeysWithValues: EstateTopic.allCases.map { ($0, partitions) })
            return EmbeddedBrokerFit.overflow(of: simulator, partitionCounts: counts, limit: 0)?.estimatedBytes ?? 0
        }
        let one = largest(1)
        #expect(one > 0)
        #expect(largest(8) < one / 4)
        #expect(EmbeddedBrokerFit.overflow(of: simulator, partitionCounts: [:], limit: one) == nil)
    }

    @Test("the same estate spread over enough partitions fits, and is published with a summary by topic and type",
          arguments: BrokerKind.allCases)
    func publishes(_ kind: BrokerKind) async throws {
        let broker = try await EstateBroker.start(kind, partitions: 2)
        let simulator = try EstateSimulator(settings: SimulationSettings(claimants: 50, seed: 3, asOf: try CalendarDate("2026-11-20")))
        let summary = try await EstatePublisher(bootstrapServers: broker.bootstrapServers)
            .publish(simulator, logger: mirrorTestLogger(), progress: false)
        #expect(summary.total == simulator.count)
        #expect(summary.byType == simulator.countsByType)
        #expect(Set(summary.byTopic.keys) == Set(TopicCatalog.estateTopics))
        await broker.stop()
    }
}
