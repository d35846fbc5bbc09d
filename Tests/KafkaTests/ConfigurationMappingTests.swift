import Testing
@testable import Kafka

@Suite("Typed configuration maps onto librdkafka's properties")
struct ConfigurationMappingTests {
    func dictionary(_ properties: [(String, String)]) -> [String: String] {
        // Later entries win, as they do when applied to the conf in order.
        Dictionary(properties, uniquingKeysWith: { _, last in last })
    }

    @Test("consumer: eager assignor, manual offsets, durations in ms, prefetch bound, escape hatch last")
    func consumer() throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: ["a:1", "b:2"], groupID: "g")
        configuration.assignor = .roundRobin
        configuration.sessionTimeout = .milliseconds(6500)
        configuration.isolationLevel = .readUncommitted
        configuration.additionalProperties = ["fetch.wait.max.ms": "50", "client.id": "override"]
        let properties = dictionary(try configuration.librdkafkaProperties())
        #expect(properties["bootstrap.servers"] == "a:1,b:2")
        #expect(properties["partition.assignment.strategy"] == "roundrobin")
        #expect(properties["session.timeout.ms"] == "6500")
        #expect(properties["isolation.level"] == "read_uncommitted")
        #expect(properties["enable.auto.commit"] == "false")
        #expect(properties["enable.auto.offset.store"] == "false")
        #expect(properties["queued.min.messages"] == "1000000")
        #expect(properties["fetch.wait.max.ms"] == "50")
        #expect(properties["client.id"] == "override")
    }

    @Test("producer: idempotent, acks=all, Java's partitioner and lz4 by default")
    func producer() throws {
        let properties = dictionary(try KafkaProducerConfiguration(bootstrapServers: ["a:1"]).librdkafkaProperties())
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["acks"] == "all")
        #expect(properties["partitioner"] == "murmur2_random")
        #expect(properties["compression.codec"] == "lz4")
        #expect(properties["message.timeout.ms"] == "300000")
    }

    @Test("transactional: the message timeout never exceeds the transaction timeout")
    func transactional() throws {
        var configuration = KafkaTransactionalProducerConfiguration(
            producer: KafkaProducerConfiguration(bootstrapServers: ["a:1"]), transactionalID: "run-1")
        configuration.transactionTimeout = .seconds(20)
        let properties = dictionary(try configuration.librdkafkaProperties())
        #expect(properties["transactional.id"] == "run-1")
        #expect(properties["transaction.timeout.ms"] == "20000")
        #expect(properties["message.timeout.ms"] == "20000")
    }
}
