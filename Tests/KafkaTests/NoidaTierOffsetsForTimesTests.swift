import Kafka
import Testing
import TestSupport

/// `backstop replay` from a time needs offsets looked up by timestamp, which the embedded
/// broker does not implement (DESIGN.md 7).
@Suite("noida-db tier: offsets for times")
struct NoidaTierOffsetsForTimesTests {
    @Test("each partition answers the first offset at or after the time, and the end past its last record")
    func offsetsForTimes() async throws {
        let broker = try await NoidaBroker.start()
        let topic = try await broker.createTopic("noida-times", partitions: 2)
        let base: Int64 = 1_800_000_000_000
        // Partition 0: timestamps base, base+10, …, base+90. Partition 1: base+5, base+15, …, base+95.
        let producer = try KafkaProducer.make(configuration: broker.producerConfiguration(), logger: testLogger())
        var records: [KafkaProducerRecord] = []
        for i in 0..<10 {
            for partition in Int32(0)..<2 {
                records.append(KafkaProducerRecord(
                    topic: topic, partition: partition, key: nil, value: "r\(i)".bytes,
                    timestampMilliseconds: base + Int64(i * 10) + Int64(partition * 5)))
            }
        }
        let tally = try await produceAll(producer, records)
        #expect(tally.delivered == 20)
        try await producer.close()

        let consumer = try KafkaConsumer.make(
            configuration: broker.consumerConfiguration(group: uniqueName("g")),
            assignment: .partitions([TopicPartitionOffset(topic, 0, .end), TopicPartitionOffset(topic, 1, .end)]),
            logger: testLogger())
        let partitions = [TopicPartition(topic, 0), TopicPartition(topic, 1)]
        func lookup(_ milliseconds: Int64) async throws -> [KafkaOffset] {
            try await consumer.offsetsForTimes(partitions, at: KafkaTimestampQuery(milliseconds: milliseconds)).map(\.offset)
        }
        #expect(try await lookup(0) == [.exactly(0), .exactly(0)])
        #expect(try await lookup(base) == [.exactly(0), .exactly(0)])
        // base+42: partition 0's first at or after is base+50 (offset 5); partition 1's is base+45 (offset 4).
        #expect(try await lookup(base + 42) == [.exactly(5), .exactly(4)])
        // Exactly a record's timestamp finds that record.
        #expect(try await lookup(base + 45) == [.exactly(5), .exactly(4)])
        #expect(try await lookup(base + 90) == [.exactly(9), .exactly(9)])
        // Past partition 0's last record (base+90) but not partition 1's (base+95).
        #expect(try await lookup(base + 91) == [.end, .exactly(9)])
        #expect(try await lookup(base + 96) == [.end, .end])
        await consumer.close()
        await broker.stop()
    }
}
