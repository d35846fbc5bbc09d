import Kafka
import Testing
import TestSupport

@Suite("Records round-trip through the wrapper on the embedded cluster")
struct RoundTripTests {
    @Test("10,000 keyed records with headers arrive in order per partition, intact")
    func tenThousandRecords() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 3, logger: testLogger())
        let topic = uniqueName("roundtrip")
        try cluster.createTopic(topic, partitions: 6, replicationFactor: 3)

        let producer = try KafkaProducer.make(configuration: producerConfiguration(cluster), logger: testLogger())
        let sent = (0..<10_000).map { i in
            KafkaProducerRecord(
                topic: topic, key: "key-\(i % 97)".bytes, value: "value-\(i)".bytes,
                headers: [
                    KafkaHeader(name: "seq", string: String(i)),
                    KafkaHeader(name: "dup", string: "a"),
                    KafkaHeader(name: "dup", string: "b"),
                    KafkaHeader(name: "null", value: nil),
                ],
                timestampMilliseconds: 1_700_000_000_000 + Int64(i))
        }
        let tally = try await produceAll(producer, sent)
        #expect(tally.delivered == 10_000)
        #expect(tally.failed == 0)
        try await producer.close()

        var configuration = consumerConfiguration(cluster, group: uniqueName("g"))
        configuration.maxBatchSize = 500
        let consumer = try KafkaConsumer.make(
            configuration: configuration,
            assignment: .partitions((0..<6).map { TopicPartitionOffset(topic, $0, .beginning) }),
            logger: testLogger())
        let received = try await readRecords(consumer, count: 10_000, within: .seconds(60))
        await consumer.close()

        #expect(received.count == 10_000)
        let bySeq = Dictionary(uniqueKeysWithValues: sent.enumerated().map { ($0.offset, $0.element) })
        var lastOffset: [Int32: Int64] = [:]
        var lastSeqPerKey: [String: Int] = [:]
        var partitionOfKey: [String: Int32] = [:]
        for record in received {
            #expect(record.topic == topic)
            #expect(record.headers.count == 4)
            let seq = Int(String(decoding: record.headers[0].value ?? [], as: UTF8.self))!
            let original = bySeq[seq]!
            #expect(record.key == original.key)
            #expect(record.value == original.value)
            #expect(record.headers == original.headers)
            #expect(record.timestamp == KafkaTimestamp(milliseconds: original.timestampMilliseconds!, kind: .createTime))
            // Offsets increase within a partition, and each key's records keep their order
            // and stay in one partition.
            #expect(record.offset > lastOffset[record.partition, default: -1])
            lastOffset[record.partition] = record.offset
            let key = String(decoding: record.key!, as: UTF8.self)
            #expect(seq > lastSeqPerKey[key, default: -1])
            lastSeqPerKey[key] = seq
            #expect(partitionOfKey[key, default: record.partition] == record.partition)
            partitionOfKey[key] = record.partition
        }
        #expect(Set(received.compactMap { $0.headers.first?.value }).count == 10_000)
        #expect(Set(partitionOfKey.values).count > 1, "keys spread over partitions")
    }
}
