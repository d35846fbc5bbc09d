import Kafka
import Testing
import TestSupport

/// kcat is an independent Kafka client (DESIGN.md 10): what the wrapper writes, kcat reads,
/// and the other way round.
@Suite("Interoperability with kcat")
struct KcatInteropTests {
    @Test("kcat produces, the wrapper consumes")
    func kcatToWrapper() async throws {
        let kcat = try requireTool("kcat")
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let topic = uniqueName("from-kcat")
        try cluster.createTopic(topic, partitions: 1)
        let lines = (0..<100).map { "nino-\($0):{\"n\":\($0)}" }.joined(separator: "\n") + "\n"
        let produced = try await runProcess(
            kcat, ["-P", "-b", cluster.bootstrapServersValue, "-t", topic, "-K", ":", "-H", "origin=kcat", "-z", "lz4"],
            stdin: lines)
        #expect(produced.status == 0, "kcat -P failed: \(produced.stderr)")

        let consumer = try KafkaConsumer.make(
            configuration: consumerConfiguration(cluster, group: uniqueName("g")),
            assignment: .partitions([TopicPartitionOffset(topic, 0, .beginning)]), logger: testLogger())
        let records = try await readRecords(consumer, count: 100, within: .seconds(30))
        await consumer.close()
        #expect(records.map(\.offset) == Array(0..<100))
        for (index, record) in records.enumerated() {
            #expect(record.key == "nino-\(index)".bytes)
            #expect(record.value == "{\"n\":\(index)}".bytes)
            #expect(record.headers == [KafkaHeader(name: "origin", string: "kcat")])
        }
    }

    @Test("the wrapper produces, kcat consumes")
    func wrapperToKcat() async throws {
        let kcat = try requireTool("kcat")
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let topic = uniqueName("to-kcat")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer.make(configuration: producerConfiguration(cluster), logger: testLogger())
        let records = (0..<100).map {
            KafkaProducerRecord(
                topic: topic, key: "key-\($0)".bytes, value: "value-\($0)".bytes,
                headers: [KafkaHeader(name: "seq", string: String($0))])
        }
        #expect(try await produceAll(producer, records).delivered == 100)
        try await producer.close()

        let consumed = try await runProcess(
            kcat, ["-C", "-b", cluster.bootstrapServersValue, "-t", topic, "-o", "beginning", "-e", "-q",
                   "-f", "%k|%s|%h|%o\\n"])
        #expect(consumed.status == 0, "kcat -C failed: \(consumed.stderr)")
        let lines = consumed.stdout.split(separator: "\n").map(String.init)
        #expect(lines == (0..<100).map { "key-\($0)|value-\($0)|seq=\($0)|\($0)" })
    }
}
