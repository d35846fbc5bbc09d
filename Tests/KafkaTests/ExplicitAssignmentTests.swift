import Kafka
import Testing
import TestSupport

@Suite("Explicit partitions and offsets")
struct ExplicitAssignmentTests {
    @Test("assigning explicit offsets starts exactly there; positions, watermarks and metadata agree")
    func startsAtTheGivenOffsets() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 3, logger: testLogger())
        let topic = uniqueName("explicit")
        try cluster.createTopic(topic, partitions: 3)
        let producer = try KafkaProducer.make(configuration: producerConfiguration(cluster), logger: testLogger())
        let records = (0..<3).flatMap { partition in
            (0..<20).map { KafkaProducerRecord(topic: topic, partition: Int32(partition), key: nil, value: "\(partition)/\($0)".bytes) }
        }
        #expect(try await produceAll(producer, records).delivered == 60)
        #expect(try await producer.partitionCount(topic: topic) == 3)
        try await producer.close()

        let consumer = try KafkaConsumer.make(
            configuration: consumerConfiguration(cluster, group: uniqueName("g")),
            assignment: .partitions([
                TopicPartitionOffset(topic, 0, .exactly(5)),
                TopicPartitionOffset(topic, 1, .beginning),
                TopicPartitionOffset(topic, 2, .exactly(19)),
            ]),
            logger: testLogger())
        let received = try await readRecords(consumer, count: 15 + 20 + 1, within: .seconds(30))
        let byPartition = Dictionary(grouping: received, by: \.partition)
        #expect(byPartition[0]?.map(\.offset) == Array(5..<20))
        #expect(byPartition[1]?.map(\.offset) == Array(0..<20))
        #expect(byPartition[2]?.map(\.offset) == [19])
        #expect(byPartition[0]?.first?.value == "0/5".bytes)

        let partitions = (0..<3).map { TopicPartition(topic, Int32($0)) }
        #expect(try consumer.positions(partitions).map(\.offset) == Array(repeating: .exactly(20), count: 3))
        for partition in partitions {
            #expect(try await consumer.queryWatermarks(partition) == Watermarks(low: 0, high: 20))
            #expect(try consumer.cachedWatermarks(partition).high == 20)
        }
        #expect(try await consumer.partitionCount(topic: topic) == 3)
        await #expect(throws: KafkaError.self) { try await consumer.partitionCount(topic: "no-such-topic") }
        await consumer.close()
        #expect(try await consumer.nextEvent() == nil)
        #expect(throws: KafkaError.self) { try consumer.positions(partitions) }
    }
}
