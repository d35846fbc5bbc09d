@testable import Kafka
import Testing

@Suite("Kafka connection: one set of properties for every client")
struct KafkaConnectionTests {
    @Test("consumers, producers and admin clients carry the connection's properties after their own, so they win")
    func propertiesReachEveryClient() throws {
        let connection = KafkaConnection(bootstrapServers: ["a:9092", "b:9092"], properties: ["security.protocol": "ssl", "client.id": "pod-1"])
        let consumer = try connection.consumer(groupID: "g").librdkafkaProperties()
        #expect(consumer.first { $0.0 == "bootstrap.servers" }?.1 == "a:9092,b:9092")
        #expect(consumer.last { $0.0 == "client.id" }?.1 == "pod-1")
        #expect(consumer.contains { $0 == ("security.protocol", "ssl") })
        let producer = try connection.producer().librdkafkaProperties()
        #expect(producer.last { $0.0 == "client.id" }?.1 == "pod-1")
        #expect(connection.admin().additionalProperties == connection.properties)
    }

    @Test("validate names a property librdkafka refuses")
    func validate() throws {
        try KafkaConnection(bootstrapServers: [], properties: ["security.protocol": "ssl"]).validate()
        #expect { try KafkaConnection(bootstrapServers: [], properties: ["no.such.property": "1"]).validate() } throws: { error in
            "\(error)".contains("no.such.property")
        }
    }

    @Test("the consumer carries group.instance.id only when one is set")
    func staticMembership() throws {
        var consumer = KafkaConnection(bootstrapServers: ["b:9092"]).consumer(groupID: "g")
        #expect(try !consumer.librdkafkaProperties().contains { $0.0 == "group.instance.id" })
        consumer.groupInstanceID = "pod-0"
        #expect(try consumer.librdkafkaProperties().contains { $0 == ("group.instance.id", "pod-0") })
    }
}
