import Kafka
import Testing
import TestSupport

@Suite("The producer's local queue is bounded")
struct ProducerQueueTests {
    @Test("when the local queue is full, send waits for room and everything is delivered")
    func waitsForRoom() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let topic = uniqueName("queue")
        try cluster.createTopic(topic, partitions: 2)
        var configuration = producerConfiguration(cluster)
        configuration.maxQueuedMessages = 10
        let producer = try KafkaProducer.make(configuration: configuration, logger: testLogger())
        let records = (0..<2000).map { KafkaProducerRecord(topic: topic, key: "k\($0)".bytes, value: "v\($0)".bytes) }
        let tally = try await produceAll(producer, records)
        #expect(tally.delivered == 2000)
        try await producer.close()
    }

    @Test("with no room before the enqueue timeout, send throws a retriable queue-full error")
    func boundedWait() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let topic = uniqueName("queue-full")
        try cluster.createTopic(topic, partitions: 1)
        var configuration = producerConfiguration(cluster)
        configuration.maxQueuedMessages = 5
        configuration.enqueueTimeout = .milliseconds(500)
        configuration.messageTimeout = .seconds(30)
        let producer = try KafkaProducer.make(configuration: configuration, logger: testLogger())
        #expect(try await produceAll(producer, [KafkaProducerRecord(topic: topic, key: nil, value: "warm".bytes)]).delivered == 1)

        try cluster.setBrokerDown(1)
        for i in 0..<5 { try await producer.send(KafkaProducerRecord(topic: topic, key: nil, value: "q\(i)".bytes)) }
        let started = ContinuousClock.now
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerRecord(topic: topic, key: nil, value: "no room".bytes))
        }
        #expect(ContinuousClock.now - started >= .milliseconds(500), "it waited for room first")
        #expect(error?.librdkafkaName == "_QUEUE_FULL")
        #expect(error?.isRetriable == true)
        #expect(producer.outstanding == 5)

        try cluster.setBrokerUp(1)
        #expect(try await producer.awaitDeliveries(timeout: .seconds(60)).delivered == 5)
        try await producer.close()
    }
}
