import Kafka
import Testing
import TestSupport

@Suite("Consumer behaviour: end of partition, backpressure, closing")
struct ConsumerBehaviourTests {
    @Test("with enablePartitionEOF, the end of a partition is reported after its last record")
    func endOfPartition() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let topic = uniqueName("eof")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer.make(configuration: producerConfiguration(cluster), logger: testLogger())
        _ = try await produceAll(producer, (0..<3).map { KafkaProducerRecord(topic: topic, key: nil, value: "\($0)".bytes) })
        try await producer.close()

        var configuration = consumerConfiguration(cluster, group: uniqueName("g"))
        configuration.enablePartitionEOF = true
        let consumer = try KafkaConsumer.make(
            configuration: configuration, assignment: .partitions([TopicPartitionOffset(topic, 0, .beginning)]),
            logger: testLogger())
        var offsets: [Int64] = []
        var end: (TopicPartition, Int64)?
        try await readEvents(consumer, for: "the end of the partition", within: .seconds(30)) { event in
            switch event {
            case .records(let batch): offsets += batch.map(\.offset)
            case .endOfPartition(let partition, let offset): end = (partition, offset)
            default: break
            }
            return end != nil
        }
        #expect(offsets == [0, 1, 2], "every record comes before the end")
        #expect(end?.0 == TopicPartition(topic, 0))
        #expect(end?.1 == 3)
        await consumer.close()
    }

    @Test("an application that stops reading holds the poll thread back, and close still completes")
    func backpressureAndClose() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let topic = uniqueName("backpressure")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer.make(configuration: producerConfiguration(cluster), logger: testLogger())
        _ = try await produceAll(producer, (0..<200).map { KafkaProducerRecord(topic: topic, key: nil, value: "\($0)".bytes) })
        try await producer.close()

        var configuration = consumerConfiguration(cluster, group: uniqueName("g"))
        configuration.maxBatchSize = 10
        configuration.maxBufferedBatches = 2
        let consumer = try KafkaConsumer.make(
            configuration: configuration, assignment: .partitions([TopicPartitionOffset(topic, 0, .beginning)]),
            logger: testLogger())
        // Read one batch, then stop reading: the poll thread fills the two slots and waits.
        let first = try await readRecords(consumer, count: 1, within: .seconds(30))
        #expect(first.count == 10)
        try await waitUntil { (try? consumer.positions([TopicPartition(topic, 0)]).first?.offset) == .exactly(40) }
        // 10 read + 2 batches waiting + 1 batch held by the blocked poll thread: no further.
        #expect(try consumer.positions([TopicPartition(topic, 0)]).first?.offset == .exactly(40))

        await consumer.close()
        #expect(try await consumer.nextEvent() == nil)
    }
}
