import Foundation
import Kafka
import Testing
import TestSupport

@Suite("Group consumers")
struct GroupConsumerTests {
    /// Each consumer's current assignment, followed from its events.
    final class Assignment: @unchecked Sendable {
        var partitions: Set<TopicPartition> = []
        var revocations = 0

        func apply(_ event: KafkaConsumerEvent) {
            switch event {
            case .partitionsAssigned(let assigned): partitions = Set(assigned.map(\.topicPartition))
            case .partitionsRevoked(let revoked):
                revocations += 1
                partitions.subtract(revoked)
            default: break
            }
        }
    }

    @Test("two consumers split the partitions; when one leaves, the other gets them all")
    func splitAndTakeOver() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 3, logger: testLogger())
        let topic = uniqueName("group")
        try cluster.createTopic(topic, partitions: 4)
        let all = Set((0..<4).map { TopicPartition(topic, Int32($0)) })
        let group = uniqueName("g")

        let first = try KafkaConsumer.make(
            configuration: consumerConfiguration(cluster, group: group),
            assignment: .group(topics: [topic], startOffsets: nil), logger: testLogger())
        let firstAssignment = Assignment()
        // The embedded cluster delays the first join of an empty group by 3 s.
        try await readEvents(first, for: "the first consumer's assignment", within: .seconds(30)) { event in
            firstAssignment.apply(event)
            return firstAssignment.partitions == all
        }

        let second = try KafkaConsumer.make(
            configuration: consumerConfiguration(cluster, group: group),
            assignment: .group(topics: [topic], startOffsets: nil), logger: testLogger())
        let secondAssignment = Assignment()
        async let firstRebalanced: Void = readEvents(first, for: "the first consumer's share", within: .seconds(60)) { event in
            firstAssignment.apply(event)
            return firstAssignment.revocations >= 1 && !firstAssignment.partitions.isEmpty
                && firstAssignment.partitions != all
        }
        async let secondAssigned: Void = readEvents(second, for: "the second consumer's share", within: .seconds(60)) { event in
            secondAssignment.apply(event)
            return !secondAssignment.partitions.isEmpty
        }
        try await firstRebalanced
        try await secondAssigned
        #expect(firstAssignment.partitions.isDisjoint(with: secondAssignment.partitions))
        #expect(firstAssignment.partitions.union(secondAssignment.partitions) == all)
        #expect(firstAssignment.partitions.count == 2)

        await second.close()
        try await readEvents(first, for: "the first consumer taking over", within: .seconds(60)) { event in
            firstAssignment.apply(event)
            return firstAssignment.partitions == all
        }
        // At least one revocation per rebalance; a loaded machine can add a rebalance (a member
        // slow to heartbeat), so the count is a floor, not an exact figure.
        #expect(firstAssignment.revocations >= 2)
        await first.close()
    }

    @Test("the start-offset closure decides where newly assigned partitions start")
    func startOffsetClosure() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: testLogger())
        let topic = uniqueName("start")
        try cluster.createTopic(topic, partitions: 2)
        let producer = try KafkaProducer.make(configuration: producerConfiguration(cluster), logger: testLogger())
        let records = (0..<2).flatMap { partition in
            (0..<10).map { KafkaProducerRecord(topic: topic, partition: Int32(partition), key: nil, value: "\(partition)-\($0)".bytes) }
        }
        _ = try await produceAll(producer, records)
        try await producer.close()

        // The group's committed offset for partition 1 is 4; partition 0 has none.
        let group = uniqueName("g")
        let committer = try KafkaConsumer.make(
            configuration: consumerConfiguration(cluster, group: group),
            assignment: .partitions([TopicPartitionOffset(topic, 1, .beginning)]), logger: testLogger())
        try await committer.commit([TopicPartitionOffset(topic, 1, .exactly(4))])
        await committer.close()

        let asked = Locked<[[TopicPartition]]>([])
        let consumer = try KafkaConsumer.make(
            configuration: consumerConfiguration(cluster, group: group),
            assignment: .group(topics: [topic]) { partitions in
                asked.withLock { $0.append(partitions) }
                // Partition 0 from the application's own store; partition 1 left to the group.
                return [TopicPartition(topic, 0): .exactly(7)]
            },
            logger: testLogger())
        var assigned: [TopicPartitionOffset] = []
        var firstOffsets: [Int32: Int64] = [:]
        var count = 0
        try await readEvents(consumer, for: "records from both partitions", within: .seconds(30)) { event in
            switch event {
            case .partitionsAssigned(let partitions): assigned = partitions
            case .records(let batch):
                for record in batch where firstOffsets[record.partition] == nil {
                    firstOffsets[record.partition] = record.offset
                }
                count += batch.count
            default: break
            }
            return count >= 3 + 6
        }
        await consumer.close()

        #expect(asked.withLock { $0.map(Set.init) } == [[TopicPartition(topic, 0), TopicPartition(topic, 1)]])
        #expect(Set(assigned) == [TopicPartitionOffset(topic, 0, .exactly(7)), TopicPartitionOffset(topic, 1, .committed)])
        #expect(firstOffsets == [0: 7, 1: 4])
        #expect(count == 9)
    }
}

/// A lock-protected value the tests share with the consumer's poll thread.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
