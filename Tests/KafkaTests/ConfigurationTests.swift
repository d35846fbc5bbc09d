import Kafka
import Testing

@Suite("Bad configuration fails with a clear KafkaError")
struct ConfigurationTests {
    let servers = ["127.0.0.1:1"]

    @Test("an unknown property is named in the error")
    func unknownProperty() throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: servers, groupID: "g")
        configuration.additionalProperties = ["no.such.property": "1"]
        let error = #expect(throws: KafkaError.self) {
            try KafkaConsumer.make(configuration: configuration, assignment: .group(topics: ["t"], startOffsets: nil), logger: testLogger())
        }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("no.such.property") == true)
        #expect(error?.message.contains("No such configuration property") == true)
    }

    @Test("a bad value is named in the error")
    func badValue() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: servers)
        configuration.additionalProperties = ["batch.num.messages": "banana"]
        let error = #expect(throws: KafkaError.self) {
            try KafkaProducer.make(configuration: configuration, logger: testLogger())
        }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("batch.num.messages=\"banana\"") == true)
    }

    @Test("an inconsistent set is rejected when the client is created")
    func inconsistentSet() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: servers)
        configuration.acks = .leader  // idempotence needs acks=all
        let error = #expect(throws: KafkaError.self) {
            try KafkaProducer.make(configuration: configuration, logger: testLogger())
        }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("acks") == true)
    }

    @Test("typed limits are checked and the field is named")
    func typedLimits() throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: servers, groupID: "g")
        configuration.maxBatchSize = 0
        let error = #expect(throws: KafkaError.self) {
            try KafkaConsumer.make(configuration: configuration, assignment: .partitions([]), logger: testLogger())
        }
        #expect(error?.message.contains("maxBatchSize") == true)

        let transactional = KafkaTransactionalProducerConfiguration(
            producer: KafkaProducerConfiguration(bootstrapServers: servers), transactionalID: "")
        let empty = #expect(throws: KafkaError.self) {
            try KafkaTransactionalProducer.make(configuration: transactional, logger: testLogger())
        }
        #expect(empty?.message.contains("transactionalID") == true)
    }

    @Test("the typed fields reach librdkafka: a good configuration builds")
    func goodConfiguration() async throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: servers)
        configuration.compression = .zstd
        configuration.partitioner = .murmur2Random
        configuration.linger = .milliseconds(20)
        let producer = try KafkaProducer.make(configuration: configuration, logger: testLogger())
        try await producer.close(timeout: .seconds(1))
    }
}
