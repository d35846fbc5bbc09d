import Foundation
import Kafka
import Synchronization
import Testing
import TestSupport

@Suite("Murmur2 partitioner")
struct Murmur2PartitionerTests {
    @Test("Kafka's published murmur2 values (Java Utils.murmur2 test vectors)", arguments: [
        ("21", Int32(-973932308)), ("foobar", -790332482), ("a-little-bit-long-string", -985981536),
        ("a-little-bit-longer-string", -1486304829), ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971),
        ("abc", 479470107),
    ])
    func javaVectors(key: String, expected: Int32) {
        #expect(Int32(bitPattern: Murmur2Partitioner.hash(Array(key.utf8))) == expected)
    }

    @Test("places NINO keys in the same partition as librdkafka's murmur2_random partitioner")
    func matchesLibrdkafka() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let topic = uniqueName("murmur2")
        let partitions = 48
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: 1)
        let reports = Mutex<[UInt64: Int32]>([:])
        var configuration = producerConfiguration(cluster)
        configuration.partitioner = .murmur2Random
        let producer = try KafkaProducer.make(configuration: configuration, logger: testLogger(), onDelivery: { report in
            if case .success(let placed) = report.result { reports.withLock { $0[report.messageID] = placed.partition } }
        })
        var generator = SeededGenerator(seed: 2026)
        let letters = Array("ABCEGHJKLMNPRSTWXYZ")
        var expected: [UInt64: Int32] = [:]
        for _ in 0..<2_000 {
            let nino = String(letters.randomElement(using: &generator)!) + String(letters.randomElement(using: &generator)!)
                + String(format: "%06d", Int.random(in: 0..<1_000_000, using: &generator)) + String("ABCD".randomElement(using: &generator)!)
            let id = try await producer.send(KafkaProducerRecord(topic: topic, key: Array(nino.utf8), value: Array("v".utf8)))
            expected[id] = Murmur2Partitioner.partition(of: Array(nino.utf8), partitionCount: partitions)
        }
        let tally = try await producer.awaitDeliveries(timeout: .seconds(60))
        try await producer.close()
        #expect(tally.delivered == 2_000)
        let placed = reports.withLock { $0 }
        #expect(placed == expected)
        #expect(Set(placed.values).count == partitions)
    }
}
