import Entitlements
import Foundation
import Kafka
import MetricsTestKit
import Pipeline
import Store
import Synchronization
import Testing
import TestSupport

/// DESIGN.md 6: every invalid estate example goes to backstop.dlq with its reason, the
/// pipeline continues, and the valid records around them apply. On both test brokers
/// (docs/brokers.md), the same assertions.
@Suite("Mirror dead letters")
struct MirrorDeadLetterTests {
    struct Example {
        let file: String
        let topic: String
        let key: [UInt8]?
        let value: [UInt8]
        let reason: String
    }

    static func invalidExamples() throws -> [Example] {
        let folder = mirrorRepositoryRoot.appendingPathComponent("topics/examples/invalid")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            let example = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))) as! [String: Any]
            let topic = example["topic"] as! String
            guard topic.hasPrefix("estate."), let reason = example["expectedReason"] as? String else { return nil }
            let value: [UInt8] = if let raw = example["rawValue"] as? String { Array(raw.utf8) } else {
                [UInt8](try JSONSerialization.data(withJSONObject: example["value"]!, options: [.fragmentsAllowed]))
            }
            return Example(file: name, topic: topic, key: (example["key"] as? String).map { Array($0.utf8) }, value: value, reason: reason)
        }
    }

    @Test("each invalid example lands on backstop.dlq with its reason and position; valid records around them apply",
          arguments: BrokerKind.allCases)
    func invalidExamples(_ kind: BrokerKind) async throws {
        let broker = try await EstateBroker.start(kind, partitions: 2)
        let examples = try Self.invalidExamples()
        #expect(examples.count >= 13)
        try await publishEstate(broker, claimants: 15, seed: 11)
        // The invalid records, plus one whose key is not its event's NINO; positions from the delivery reports.
        let positions = Mutex<[UInt64: TopicPartitionOffset]>([:])
        let producer = try KafkaProducer.make(
            configuration: broker.producerConfiguration(), logger: mirrorTestLogger(),
            onDelivery: { report in if case .success(let at) = report.result { positions.withLock { $0[report.messageID] = at } } })
        var expected: [UInt64: String] = [:]
        for example in examples {
            expected[try await producer.send(KafkaProducerRecord(topic: example.topic, key: example.key, value: example.value))] = example.reason
        }
        let misKeyed = Array(#"{"type":"ClaimantDied","eventId":"k-1","occurredAt":"2026-01-05T10:00:00Z","nino":"AB123456C","dateOfDeath":"2026-01-01"}"#.utf8)
        expected[try await producer.send(KafkaProducerRecord(topic: "estate.claimants", key: Array("CE123456A".utf8), value: misKeyed))] = "KEY_MISMATCH"
        #expect(try await producer.awaitDeliveries().delivered == expected.count)
        try await producer.close()
        // More valid records after the invalid ones: the pipeline must continue past them.
        try await publishEstate(broker, claimants: 10, seed: 12)

        let state = try TemporaryDirectory()
        let metrics = TestMetrics()
        let service = try BackstopService.make(
            configuration: mirrorConfiguration(broker, stateDirectory: state.child("store"), group: "dlq-\(UUID().uuidString.prefix(6))"),
            metrics: metrics, logger: mirrorTestLogger(), gracefulShutdownSignals: [])
        let running = Task { try await service.group.run() }
        try await poll("catch-up", within: .seconds(30)) { service.ownership.isCaughtUp && service.ownership.owned == [0, 1] }
        let mirrorDigest = try service.store.digest()
        await service.group.triggerGracefulShutdown()
        try await running.value

        // The dead letters, read back.
        let consumer = try KafkaConsumer.make(
            configuration: KafkaConsumerConfiguration(bootstrapServers: broker.bootstrapServers, groupID: "dlq-reader"),
            assignment: .partitions((0..<2).map { TopicPartitionOffset("backstop.dlq", $0, .beginning) }), logger: mirrorTestLogger())
        var letters: [KafkaRecord] = []
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while letters.count < expected.count, let event = try await consumer.nextEvent(before: deadline) {
            if case .records(let records) = event { letters += records }
        }
        await consumer.close()
        #expect(letters.count == expected.count)
        let sentAt = positions.withLock { $0 }
        var wanted: [String: String] = [:]
        for (id, reason) in expected { if let at = sentAt[id] { wanted["\(at.topic)/\(at.partition)/\(at.offset)"] = reason } }
        var places: Set<String> = []
        for letter in letters {
            func header(_ name: String) -> String? { letter.headers.first { $0.name == name }?.value.map { String(decoding: $0, as: UTF8.self) } }
            let place = "\(header("dlq.topic") ?? "?")/\(header("dlq.partition") ?? "?")/\(header("dlq.offset") ?? "?")"
            places.insert(place)
            #expect(header("dlq.reason") == wanted[place], "\(place)")
            #expect(header("dlq.detail")?.isEmpty == false)
        }
        #expect(places.count == expected.count)
        #expect(metrics.counterTotal(label: MirrorMetrics.deadLettered) == Int64(expected.count))
        #expect(metrics.counterTotal(label: MirrorMetrics.deadLettered, dimensions: [("reason", "KEY_MISMATCH")]) == 1)
        for topic in TopicCatalog.estateTopics {
            for partition in ["0", "1"] {
                #expect(try metrics.expectGauge(MirrorMetrics.lag, [("topic", topic), ("partition", partition)]).lastValue == 0)
            }
        }

        // The mirror's store holds exactly what a replay of the same topics builds.
        let reference = try TemporaryDirectory()
        let (replayed, summary) = try await replayDigest(broker, into: reference.child("store"))
        #expect(mirrorDigest == replayed)
        #expect(summary.rejected.values.reduce(0, +) == expected.count)
        #expect(metrics.counterTotal(label: MirrorMetrics.ingested) == Int64(summary.applied.values.reduce(0, +)))
        await broker.stop()
    }
}
