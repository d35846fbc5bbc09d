import Foundation
import Kafka
import Pipeline
import Testing
import TestSupport

/// The embedded broker's documented gaps (DESIGN.md 7, docs/brokers.md), each shown, so that a
/// librdkafka upgrade that closes one is noticed and the documentation updated. The noida-db
/// tier (NoidaTier*.swift) shows the behaviour a real broker has.
@Suite("Embedded broker: the gaps the noida-db tier closes")
struct EmbeddedBrokerLimitsTests {
    @Test("a read_committed consumer DOES see an aborted transaction's records")
    func abortedRecordsVisible() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let topic = uniqueName("embedded-abort")
        try cluster.createTopic(topic, partitions: 1)
        var configuration = KafkaTransactionalProducerConfiguration(
            producer: producerConfiguration(cluster), transactionalID: uniqueName("txn"))
        configuration.callTimeout = .seconds(30)
        let producer = try KafkaTransactionalProducer.make(configuration: configuration, logger: testLogger())
        try await producer.initTransactions()
        try producer.beginTransaction()
        try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, key: nil, value: "aborted".bytes))
        _ = try await producer.awaitDeliveries(timeout: .seconds(30))
        try await producer.abortTransaction()
        try producer.beginTransaction()
        try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, key: nil, value: "committed".bytes))
        try await producer.commitTransaction()
        try await producer.close()

        var consumerConfig = consumerConfiguration(cluster, group: uniqueName("g"))
        consumerConfig.isolationLevel = .readCommitted
        let consumer = try KafkaConsumer.make(
            configuration: consumerConfig, assignment: .partitions([TopicPartitionOffset(topic, 0, .beginning)]),
            logger: testLogger())
        let values = try await readRecords(consumer, count: 2, within: .seconds(30)).map { String(decoding: $0.value ?? [], as: UTF8.self) }
        await consumer.close()
        #expect(values == ["aborted", "committed"])
    }

    @Test("backstop topics apply fails with status 1 and a clear message: no admin API")
    func noAdminAPI() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let applied = try await runProcess(
            try BuiltProduct.path("backstop"),
            ["topics", "apply", "--bootstrap-servers", cluster.bootstrapServersValue, "--file", TopicCatalogTests.catalogPath,
             "--timeout", "5"])
        #expect(applied.status == 1)
        // librdkafka waits for a controller the mock cluster never names, then times out.
        #expect(applied.stderr.contains("backstop topics apply: error: KafkaError.admin: CreateTopics request"), "\(applied.stderr)")
        #expect(applied.stderr.contains("waiting for controller"), "\(applied.stderr)")
        #expect(applied.stderr.contains("has no admin API"), "\(applied.stderr)")
        withExtendedLifetime(cluster) {}
    }
}
