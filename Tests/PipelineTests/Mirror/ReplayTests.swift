import Entitlements
import Foundation
import Kafka
import Pipeline
import Simulation
import Store
import Testing
import TestSupport

/// DESIGN.md 5: replay until a moment gives the state as of that moment, a replay from
/// offsets continues a store to the state of one pass, and a replay from a moment gives the
/// state of the records stamped from then on. On both test brokers (docs/brokers.md), the same
/// assertions, but for offsets by time, which only noida-db can look up.
@Suite("Replay")
struct ReplayTests {
    @Test("--until T equals a store built from only the records up to T; continuing it (own offsets, or given ones) equals one pass",
          arguments: BrokerKind.allCases)
    func untilAndContinue(_ kind: BrokerKind) async throws {
        let settings = SimulationSettings(claimants: 40, seed: 5, asOf: try CalendarDate("2026-11-20"))
        let simulator = try EstateSimulator(settings: settings)
        let moment = simulator.record(at: simulator.count * 3 / 5).timestampMilliseconds
        let full = try await EstateBroker.start(kind, partitions: 3)
        let prefix = try await EstateBroker.start(kind, partitions: 3)
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
        var continued = Replay(bootstrapServers: full.bootstrapServers, stateDirectory: folders.child("until"))
        continued.progress = false
        let rest = try await continued.run(logger: mirrorTestLogger())
        #expect(try storeDigest(folders.child("until")) == onePass)
        #expect(untilSummary.applied.values.reduce(0, +) + rest.applied.values.reduce(0, +) == simulator.count)

        // Continue a second until-store from explicitly given offsets.
        _ = try await replayDigest(full, into: folders.child("given"), until: moment)
        let stored = try EntitlementStore.open(at: folders.child("given")).nextOffsets()
        var given = Replay(bootstrapServers: full.bootstrapServers, stateDirectory: folders.child("given"))
        given.progress = false
        given.from = .offsets(Dictionary(uniqueKeysWithValues: stored.map { (TopicPartition($0.key.topic, $0.key.partition), $0.value) }))
        _ = try await given.run(logger: mirrorTestLogger())
        #expect(try storeDigest(folders.child("given")) == onePass)
        await full.stop()
        await prefix.stop()
    }

    @Test("--from timestamp: is refused on the embedded broker, which cannot look offsets up by time")
    func timestampOnEmbedded() async throws {
        let broker = try await EstateBroker.start(.embedded, partitions: 1)
        let folder = try TemporaryDirectory()
        var replay = Replay(bootstrapServers: broker.bootstrapServers, stateDirectory: folder.child("store"))
        replay.from = try ReplayStart(parsing: "timestamp:2026-01-01T00:00:00Z")
        replay.progress = false
        await #expect { _ = try await replay.run(logger: mirrorTestLogger()) } throws: { error in
            "\(error)".contains("not supported on the embedded broker")
        }
        await broker.stop()
    }

    /// The twin of `timestampOnEmbedded`, on the broker that can look offsets up by time; through
    /// the real binary, as an operator runs it.
    @Test("on noida-db, backstop replay --from timestamp:T equals a store built from only the records stamped at or after T; with --until U, those up to U")
    func fromTimestampOnNoida() async throws {
        let backstop = try BuiltProduct.path("backstop")
        let settings = SimulationSettings(claimants: 40, seed: 5, asOf: try CalendarDate("2026-11-20"))
        let simulator = try EstateSimulator(settings: settings)
        let records = (0..<simulator.count).map(simulator.record(at:))
        // T is the stamp of a record whose predecessor is stamped earlier, so both sides of the
        // boundary are present: records stamped exactly T are in, the one before is out.
        var first = records.count * 2 / 5
        while first < records.count, records[first - 1].timestampMilliseconds == records[first].timestampMilliseconds { first += 1 }
        let moment = try #require(first < records.count ? records[first].timestampMilliseconds : nil)
        let fromMoment = records.filter { $0.timestampMilliseconds >= moment }
        #expect(fromMoment.count > 0 && fromMoment.count < records.count)

        let full = try await EstateBroker.start(.noida, partitions: 3)
        let suffix = try await EstateBroker.start(.noida, partitions: 3)
        try await publishEstate(full, claimants: 40, seed: 5)
        try await publish(fromMoment, to: suffix)
        let folders = try TemporaryDirectory()
        let (onePass, _) = try await replayDigest(full, into: folders.child("one-pass"))
        let (reference, _) = try await replayDigest(suffix, into: folders.child("suffix"))

        let replayed = try await runProcess(backstop, [
            "replay", "--bootstrap-servers", full.servers, "--state-dir", folders.child("from"), "--from", "timestamp:" + rfc3339(moment),
        ])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(appliedTotal(replayed.stdout) == fromMoment.count, "\(replayed.stdout)")
        #expect(try storeDigest(folders.child("from")) == reference)
        #expect(reference != onePass)
        // It read each partition to its end: the next offsets are those of one pass.
        #expect(try EntitlementStore.open(at: folders.child("from")).nextOffsets()
            == EntitlementStore.open(at: folders.child("one-pass")).nextOffsets())

        // A window, as for reproducing a past day: from T until U equals the records stamped
        // at or after T, replayed until U.
        let end = records[(first + records.count) / 2].timestampMilliseconds
        let (windowReference, _) = try await replayDigest(suffix, into: folders.child("window-reference"), until: end)
        var window = Replay(bootstrapServers: full.bootstrapServers, stateDirectory: folders.child("window"))
        window.from = .timestamp(moment)
        window.until = end
        window.progress = false
        _ = try await window.run(logger: mirrorTestLogger())
        #expect(try storeDigest(folders.child("window")) == windowReference)
        #expect(windowReference != reference)

        // A moment after the last record: every partition starts at its end, nothing is read.
        var late = Replay(bootstrapServers: full.bootstrapServers, stateDirectory: folders.child("late"))
        late.from = .timestamp(records.map(\.timestampMilliseconds).max()! + 1)
        late.progress = false
        let nothing = try await late.run(logger: mirrorTestLogger())
        #expect(nothing.applied.isEmpty)
        #expect(try storeDigest(folders.child("late")) == storeDigest(folders.child("empty")))
        await full.stop()
        await suffix.stop()
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

    /// An RFC 3339 instant in UTC with milliseconds, exact (no floating point on the way).
    private func rfc3339(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let seconds = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(milliseconds / 1_000)))
        let fraction = String(milliseconds % 1_000)
        return seconds.dropLast() + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }

    /// The sum of the `applied:` lines of `backstop replay`'s summary.
    private func appliedTotal(_ summary: String) -> Int {
        let lines = summary.split(separator: "\n")
        guard let start = lines.firstIndex(of: "applied:") else { return -1 }
        return lines[(start + 1)...].prefix { $0.hasPrefix("  ") }.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
    }

    private func publish(_ records: [SimulatedRecord], to broker: EstateBroker) async throws {
        var configuration = broker.producerConfiguration()
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
