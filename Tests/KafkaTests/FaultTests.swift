import Kafka
import Testing
import TestSupport

@Suite("Faults on the embedded cluster")
struct FaultTests {
    @Test("with a broker down, the producer retries and delivers everything, once, when it is back")
    func brokerDownAndUp() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 3, logger: testLogger())
        let topic = uniqueName("down")
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 3)
        for partition in 0..<3 { try cluster.setPartitionLeader(topic: topic, partition: Int32(partition), broker: Int32(partition + 1)) }

        let producer = try KafkaProducer.make(configuration: producerConfiguration(cluster), logger: testLogger())
        // Warm up: the producer knows the leaders before the broker goes.
        #expect(try await produceAll(producer, [KafkaProducerRecord(topic: topic, partition: 0, key: nil, value: "warm".bytes)]).delivered == 1)

        try cluster.setBrokerDown(1)
        let records = (0..<300).map { KafkaProducerRecord(topic: topic, partition: Int32($0 % 3), key: nil, value: "r\($0)".bytes) }
        for record in records { try await producer.send(record) }
        // Partition 0's leader is down: its records cannot be delivered yet.
        await #expect(throws: KafkaError.self) { _ = try await producer.awaitDeliveries(timeout: .seconds(3)) }
        #expect(producer.outstanding >= 100)

        try cluster.setBrokerUp(1)
        let tally = try await producer.awaitDeliveries(timeout: .seconds(60))
        #expect(tally.delivered == 300, "the warm-up was tallied by its own wait")
        #expect(tally.failed == 0)
        try await producer.close()

        let consumer = try KafkaConsumer.make(
            configuration: consumerConfiguration(cluster, group: uniqueName("g")),
            assignment: .partitions((0..<3).map { TopicPartitionOffset(topic, Int32($0), .beginning) }),
            logger: testLogger())
        let received = try await readRecords(consumer, count: 301, within: .seconds(30))
        let values = received.compactMap(\.value).map { String(decoding: $0, as: UTF8.self) }
        #expect(Set(values) == Set(records.compactMap(\.value).map { String(decoding: $0, as: UTF8.self) } + ["warm"]))
        #expect(values.count == 301, "no record twice")
        await consumer.close()
    }

    @Test("retriable request errors are survived")
    func retriableErrorsAreSurvived() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let topic = uniqueName("retriable")
        try cluster.createTopic(topic, partitions: 1)
        let producer = try KafkaProducer.make(configuration: producerConfiguration(cluster), logger: testLogger())
        cluster.pushRequestErrors(.produce, [.notLeaderForPartition, .requestTimedOut, .notEnoughReplicas, .disconnect])
        let records = (0..<50).map { KafkaProducerRecord(topic: topic, key: nil, value: "v\($0)".bytes) }
        let tally = try await produceAll(producer, records)
        #expect(tally.delivered == 50)
        #expect(tally.failed == 0)
        try await producer.close()

        cluster.pushRequestErrors(.fetch, [.notLeaderForPartition, .disconnect])
        let consumer = try KafkaConsumer.make(
            configuration: consumerConfiguration(cluster, group: uniqueName("g")),
            assignment: .partitions([TopicPartitionOffset(topic, 0, .beginning)]), logger: testLogger())
        let received = try await readRecords(consumer, count: 50, within: .seconds(30))
        #expect(received.map(\.offset) == Array(0..<50))
        await consumer.close()
    }

    @Test("a permanent request error is reported on the record's delivery")
    func permanentErrorIsReported() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let topic = uniqueName("permanent")
        try cluster.createTopic(topic, partitions: 1)
        let reports = Locked<[KafkaDeliveryReport]>([])
        let producer = try KafkaProducer.make(
            configuration: producerConfiguration(cluster), logger: testLogger(),
            onDelivery: { report in reports.withLock { $0.append(report) } })
        // A first record, so that the producer knows the topic and its leader.
        #expect(try await produceAll(producer, [KafkaProducerRecord(topic: topic, key: nil, value: "first".bytes)]).delivered == 1)
        reports.withLock { $0.removeAll() }
        cluster.pushRequestErrors(.produce, [.invalidRecord])
        let id = try await producer.send(KafkaProducerRecord(topic: topic, key: nil, value: "refused".bytes))
        let tally = try await producer.awaitDeliveries(timeout: .seconds(30))
        #expect(tally.delivered == 0)
        #expect(tally.failed == 1)
        let report = try #require(reports.withLock { $0.first })
        #expect(report.messageID == id)
        guard case .failure(let error) = report.result else {
            Issue.record("the refused record was reported delivered")
            return
        }
        #expect(error.code == .produce)
        #expect(error.librdkafkaName == "INVALID_RECORD")
        #expect(!error.isRetriable)

        // The next record goes through.
        #expect(try await produceAll(producer, [KafkaProducerRecord(topic: topic, key: nil, value: "ok".bytes)]).delivered == 1)
        try await producer.close()
    }
}
