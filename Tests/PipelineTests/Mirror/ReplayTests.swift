import Entitlements
import Foundation
import Kafka
import Pipeline
import Simulation
import Store
import Testing
import TestSupport

/// DESIGN.md 5: replay until a moment gives the state as of that moment, and a replay from
/// offsets continues a store to the state of one pass.
@Suite("Replay")
struct ReplayTests {
    @Test("--until T equals a store built from only the records up to T; continuing it (own offsets, or given ones) equals one pass")
    func untilAndContinue() async throws {
        let settings = SimulationSettings(claimants: 40, seed: 5, asOf: try CalendarDate("2026-11-20"))
        let simulator = try EstateSimulator(settings: settings)
        let moment = simulator.record(at: simulator.count * 3 / 5).timestampMilliseconds
        let full = try startMirrorBroker(partitions: 3)
        let prefix = try startMirrorBroker(partitions: 3)
        try await publishEstate(full, claimants: 40, seed: 5)
        try await publish((0..<simulator.count).map(simulator.record(at:)).filter { $0.timestampMilliseconds <= moment }, to: prefix)

        let folders = try TemporaryDirectory()
        let (onePass, _) = try await replayDigest(full, into: folders.child("one-pass"))
        let (upToMoment, _) = try await replayDigest(prefix, into: folders.child("prefix"))
        let (untilMoment, untilSummary) = try await replayDigest(full, into: folders.child("until"), until: moment)
        #expect(untilMoment == upToMoment)
        #expect(untilMoment != onePass)
        #expect(untilSummary.applied.values.reduce(0, +) < simulator.count)

        // Continue with the store's own next offsets (the default).
        var continued = Replay(bootstrapServers: full.cluster.bootstrapServers, stateDirectory: folders.child("until"))
        continued.progress = false
        let rest = try await continued.run(logger: mirrorTestLogger())
        #expect(try storeDigest(folders.child("until")) == onePass)
        #expect(untilSummary.applied.values.reduce(0, +) + rest.applied.values.reduce(0, +) == simulator.count)

        // Continue a second until-store from explicitly given offsets.
        _ = try await replayDigest(full, into: folders.child("given"), until: moment)
        let stored = try EntitlementStore.open(at: folders.child("given")).nextOffsets()
        var given = Replay(bootstrapServers: full.cluster.bootstrapServers, stateDirectory: folders.child("given"))
        given.progress = false
        given.from = .offsets(Dictionary(uniqueKeysWithValues: stored.map { (TopicPartition($0.key.topic, $0.key.partition), $0.value) }))
        _ = try await given.run(logger: mirrorTestLogger())
        #expect(try storeDigest(folders.child("given")) == onePass)
        withExtendedLifetime((full, prefix)) {}
    }

    @Test("--from timestamp: is refused on the embedded broker, which cannot look offsets up by time")
    func timestampOnEmbedded() async throws {
        let broker = try startMirrorBroker(partitions: 1)
        let folder = try TemporaryDirectory()
        var replay = Replay(bootstrapServers: broker.cluster.bootstrapServers, stateDirectory: folder.child("store"))
        replay.from = try ReplayStart(parsing: "timestamp:2026-01-01T00:00:00Z")
        replay.progress = false
        await #expect { _ = try await replay.run(logger: mirrorTestLogger()) } throws: { error in
            "\(error)".contains("not supported on the embedded broker")
        }
    }

    @Test("--from parses beginning, offsets and timestamps, and names what is wrong")
    func parsing() throws {
        #expect(try ReplayStart(parsing: "beginning") == .beginning)
        #expect(try ReplayStart(parsing: "offset:estate.awards:2=17,estate.claimants:0=3")
            == .offsets([TopicPartition("estate.awards", 2): 17, TopicPartition("estate.claimants", 0): 3]))
        #expect(try ReplayStart(parsing: "timestamp:2026-01-01T00:00:01Z") == .timestamp(1_767_225_601_000))
        #expect(throws: ReplayError.self) { try ReplayStart(parsing: "offset:estate.awards=17") }
        #expect(throws: ReplayError.self) { try ReplayStart(parsing: "yesterday") }
    }

    private func publish(_ records: [SimulatedRecord], to broker: DevBroker) async throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: broker.cluster.bootstrapServers)
        configuration.linger = .milliseconds(2)
        let producer = try KafkaProducer.make(configuration: configuration, logger: mirrorTestLogger())
        for record in records {
            try await producer.send(KafkaProducerRecord(
                topic: record.topic.rawValue, key: Array(record.key.utf8), value: record.value,
                timestampMilliseconds: record.timestampMilliseconds))
        }
        #expect(try await producer.awaitDeliveries().delivered == records.count)
        try await producer.close()
    }
}
