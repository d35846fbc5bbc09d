import Entitlements
import Kafka
import Store
import Testing
@testable import Pipeline

/// The mirror's pure core, without Kafka (STYLE.md 7, 16).
@Suite("Mirror core")
struct MirrorCoreTests {
    static let topics = TopicCatalog.estateTopics

    static func claimantJSON(_ nino: String, name: String = "Ada Lovelace") -> [UInt8] {
        Array(#"{"type":"ClaimantUpserted","eventId":"e-\#(nino)-\#(name.count)","occurredAt":"2026-01-05T10:00:00Z","nino":"\#(nino)","name":"\#(name)","dateOfBirth":"1950-03-01","bank":{"sortCode":"123456","accountNumber":"12345678","accountName":"A LOVELACE"}}"#.utf8)
    }

    static func record(_ partition: Int32, _ offset: Int64, topic: String = "estate.claimants", key: String? = "AB123456C", value: [UInt8]? = nil, at milliseconds: Int64 = 1_000) -> KafkaRecord {
        KafkaRecord(
            topic: topic, partition: partition, offset: offset, key: key.map { Array($0.utf8) },
            value: value ?? claimantJSON(key ?? "AB123456C"), headers: [],
            timestamp: KafkaTimestamp(milliseconds: milliseconds, kind: .createTime))
    }

    static func starts(_ partitions: [Int32], _ offset: KafkaOffset = .beginning) -> [TopicPartitionOffset] {
        partitions.flatMap { p in topics.map { TopicPartitionOffset($0, p, offset) } }
    }

    func owning(_ partitions: [Int32]) -> MirrorCore {
        var core = MirrorCore(topics: Self.topics)
        _ = core.assigned(Self.starts(partitions), stored: [:])
        return core
    }

    @Test("an assignment gains its partitions as building, starting from the store")
    func assignment() {
        var core = MirrorCore(topics: Self.topics)
        let input = InputPartition(topic: "estate.claimants", partition: 1)
        let action = core.assigned(Self.starts([0]) + [
            TopicPartitionOffset("estate.claimants", 1, .exactly(7)),
            TopicPartitionOffset("estate.awards", 1, .beginning), TopicPartitionOffset("estate.payments", 1, .beginning),
        ], stored: [input: 7])
        #expect(action == .own(gained: [0, 1], drop: []))
        #expect(core.owned == [0: .building, 1: .building])
        #expect(core.next[input] == 7)
    }

    @Test("an assignment that splits a partition number across processes is refused")
    func coPartitioning() {
        var core = MirrorCore(topics: Self.topics)
        let action = core.assigned([TopicPartitionOffset("estate.claimants", 0, .beginning), TopicPartitionOffset("estate.awards", 0, .beginning)], stored: [:])
        guard case .refuse(let message) = action else { Issue.record("\(action)"); return }
        #expect(message.contains("estate.payments[0]"))
        #expect(core.owned.isEmpty)
    }

    @Test("a start offset beyond the store (dropped after the offsets were read) restarts the consumer")
    func staleStart() {
        var core = MirrorCore(topics: Self.topics)
        let action = core.assigned(Self.starts([0], .exactly(5)), stored: [:])
        guard case .restartConsumer = action else { Issue.record("\(action)"); return }
        #expect(core.owned.isEmpty)
    }

    @Test("a batch becomes one update: facts, next offsets past every record, dead letters with reasons")
    func plan() {
        let core = owning([0])
        let records = [
            Self.record(0, 0),
            Self.record(0, 1, value: Array("not json".utf8)),
            Self.record(0, 2, key: "ZX999999A", value: Self.claimantJSON("AB123456C")),
            Self.record(0, 3, key: "AB123456C", value: Self.claimantJSON("AB123456C", name: "Ada King")),
        ]
        let plan = core.plan(records)
        #expect(plan.update.facts.count == 2)
        #expect(plan.update.nextOffsets == [InputPartition(topic: "estate.claimants", partition: 0): 4])
        #expect(plan.deadLetters.map(\.rejection.reason) == [.notJSON, .keyMismatch])
        #expect(plan.deadLetters.map(\.source.offset) == [1, 2])
        #expect(plan.applied == ["estate.claimants": 2])
        #expect(plan.rejected == [.notJSON: 1, .keyMismatch: 1])
        let headers = plan.deadLetters[0].producerRecord(topic: "backstop.dlq").headers
        #expect(headers.map(\.name) == ["dlq.topic", "dlq.partition", "dlq.offset", "dlq.reason", "dlq.detail"])
        #expect(headers[2].value == Array("1".utf8))
        #expect(headers[3].value == Array("NOT_JSON".utf8))
    }

    @Test("records already applied (a redelivery) and of partitions not owned are skipped")
    func skips() {
        var core = owning([0])
        let first = core.plan([Self.record(0, 0), Self.record(0, 1)])
        core.committed(first)
        let again = core.plan([Self.record(0, 0), Self.record(0, 1), Self.record(0, 2), Self.record(1, 0)])
        #expect(again.skipped == 3)
        #expect(again.update.facts.count == 1)
        #expect(again.update.nextOffsets == [InputPartition(topic: "estate.claimants", partition: 0): 3])
    }

    @Test("after a revocation in the middle of the stream, no record of the revoked partition applies")
    func revokedMidBatch() {
        var core = owning([0, 1])
        #expect(core.revoked([TopicPartition("estate.claimants", 1), TopicPartition("estate.awards", 1), TopicPartition("estate.payments", 1)]) == [1])
        let plan = core.plan([Self.record(0, 0), Self.record(1, 0), Self.record(1, 1)])
        #expect(plan.update.nextOffsets.keys.map(\.partition) == [0])
        #expect(plan.skipped == 2)
        #expect(core.pendingDrop == [1])
    }

    @Test("eager rebalance: a revoked partition that comes back keeps its store; one that does not is dropped")
    func rebalanceDrops() {
        var core = owning([0, 1])
        core.committed(core.plan([Self.record(0, 0), Self.record(1, 0)]))
        _ = core.revoked(Self.starts([0, 1]).map(\.topicPartition))
        let stored = [InputPartition(topic: "estate.claimants", partition: 0): Int64(1), InputPartition(topic: "estate.claimants", partition: 1): 1]
        let action = core.assigned(
            [TopicPartitionOffset("estate.claimants", 0, .exactly(1)), TopicPartitionOffset("estate.awards", 0, .beginning),
             TopicPartitionOffset("estate.payments", 0, .beginning)], stored: stored)
        #expect(action == .own(gained: [0], drop: [1]))
        #expect(core.next[InputPartition(topic: "estate.claimants", partition: 0)] == 1)
        #expect(core.next[InputPartition(topic: "estate.claimants", partition: 1)] == nil)
        #expect(core.pendingDrop.isEmpty)
    }

    @Test("caught up when every topic's position reaches its high watermark; gaps do not matter; it stays caught up")
    func caughtUp() {
        var core = owning([0, 1])
        core.committed(core.plan([Self.record(0, 0), Self.record(0, 5)]))  // an offset gap: 1...4 absent
        func marks(_ high: Int64, low: Int64 = 0) -> [InputPartition: Watermarks] {
            var all: [InputPartition: Watermarks] = [:]
            for topic in Self.topics { all[InputPartition(topic: topic, partition: 0)] = Watermarks(low: 0, high: topic == "estate.claimants" ? high : 0) }
            for topic in Self.topics { all[InputPartition(topic: topic, partition: 1)] = Watermarks(low: low, high: low + 1) }
            return all
        }
        #expect(core.measured(marks(7)) == [])
        #expect(core.measured(marks(6)) == [0])
        #expect(core.owned[1] == .building)
        #expect(core.measured(marks(9)) == [])
        #expect(core.owned[0] == .caughtUp)
        // Partition 1 has read nothing; with an empty log (low == high) it is caught up.
        var empty: [InputPartition: Watermarks] = [:]
        for topic in Self.topics { empty[InputPartition(topic: topic, partition: 1)] = Watermarks(low: 4, high: 4) }
        #expect(core.measured(empty) == [1])
    }

    @Test("until: the first record stamped after it finishes its partition, and the next offset stops there")
    func until() {
        var core = owning([0])
        let plan = core.plan([Self.record(0, 0, at: 10), Self.record(0, 1, at: 20), Self.record(0, 2, at: 30), Self.record(0, 3, at: 15)], until: 20)
        #expect(plan.update.nextOffsets == [InputPartition(topic: "estate.claimants", partition: 0): 2])
        #expect(plan.finished == [InputPartition(topic: "estate.claimants", partition: 0)])
        core.committed(plan)
        #expect(core.plan([Self.record(0, 3, at: 15)], until: 20).update.isEmpty)
    }

    @Test("a fact beyond the store's limits is a dead letter, never a refused batch")
    func limits() {
        let core = owning([0])
        let name = String(repeating: "A", count: 70_000)
        let plan = core.plan([Self.record(0, 0, value: Self.claimantJSON("AB123456C", name: name))])
        #expect(plan.update.facts.isEmpty)
        #expect(plan.deadLetters.count == 1)
        #expect(plan.update.nextOffsets == [InputPartition(topic: "estate.claimants", partition: 0): 1])
    }

    @Test("verdicts decoded beforehand, on several threads, give the same plan")
    func parallelVerdicts() async {
        let core = owning([0])
        let records = (0..<40).map { i in
            i % 7 == 3 ? Self.record(0, Int64(i), value: Array("[]".utf8)) : Self.record(0, Int64(i), value: Self.claimantJSON("AB123456C", name: "Name \(i)"))
        }
        let verdicts = await MirrorStage.verdicts(of: records, lanes: 3)
        let ahead = core.plan(records, verdicts: verdicts)
        let inline = core.plan(records)
        #expect(ahead.update.facts.map(\.fact) == inline.update.facts.map(\.fact))
        #expect(ahead.update.nextOffsets == inline.update.nextOffsets)
        #expect(ahead.deadLetters == inline.deadLetters)
        #expect(ahead.deadLetters.count == 6)
    }
}
