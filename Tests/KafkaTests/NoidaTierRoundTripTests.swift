import Kafka
import Testing
import TestSupport

@Suite("noida-db tier: records round-trip")
struct NoidaTierRoundTripTests {
    @Test("1,000 keyed records with headers and timestamps over 4 partitions arrive intact, in order per partition")
    func roundTrip() async throws {
        let broker = try await NoidaBroker.start()
        let topic = try await broker.createTopic("noida-roundtrip", partitions: 4)

        let producer = try KafkaProducer.make(configuration: broker.producerConfiguration(), logger: testLogger())
        let sent = (0..<1000).map { i in
            KafkaProducerRecord(
                topic: topic, key: "key-\(i % 31)".bytes, value: "value-\(i)".bytes,
                headers: [KafkaHeader(name: "seq", string: String(i))],
                timestampMilliseconds: 1_800_000_000_000 + Int64(i))
        }
        let tally = try await produceAll(producer, sent)
        #expect(tally.delivered == 1000)
        #expect(tally.failed == 0)
        try await producer.close()

        let consumer = try KafkaConsumer.make(
            configuration: broker.consumerConfiguration(group: uniqueName("g")),
            assignment: .partitions((0..<4).map { TopicPartitionOffset(topic, $0, .beginning) }),
            logger: testLogger())
        let received = try await readRecords(consumer, count: 1000, within: .seconds(60))
        await consumer.close()
        await broker.stop()

        #expect(received.count == 1000)
        func seq(_ record: KafkaRecord) -> Int? {
            Int(String(decoding: record.headers.first { $0.name == "seq" }?.value ?? [], as: UTF8.self))
        }
        #expect(Set(received.compactMap(seq)) == Set(0..<1000))
        for record in received {
            let original = try #require(seq(record).map { sent[$0] })
            #expect(record.key == original.key)
            #expect(record.value == original.value)
            #expect(record.timestamp == KafkaTimestamp(milliseconds: original.timestampMilliseconds!, kind: .createTime))
        }
        // One key, one partition; within a partition, production order.
        for partition in Set(received.map(\.partition)) {
            let sequence = received.filter { $0.partition == partition }.compactMap(seq)
            #expect(sequence == sequence.sorted(), "partition \(partition) out of production order")
        }
        let partitionsByKey = Dictionary(grouping: received, by: \.key).mapValues { Set($0.map(\.partition)) }
        #expect(partitionsByKey.values.allSatisfy { $0.count == 1 })
    }

    @Test("two members of one group split 4 partitions between them (eager range assignor), as Backstop processes do")
    func groupSplitsPartitions() async throws {
        let broker = try await NoidaBroker.start()
        let topic = try await broker.createTopic("noida-group", partitions: 4)
        let all = Set((0..<4).map { TopicPartition(topic, Int32($0)) })
        let group = uniqueName("g")
        let first = try KafkaConsumer.make(
            configuration: broker.consumerConfiguration(group: group),
            assignment: .group(topics: [topic], startOffsets: nil), logger: testLogger())
        let firstAssignment = GroupConsumerTests.Assignment()
        try await readEvents(first, for: "the first member's assignment", within: .seconds(30)) { event in
            firstAssignment.apply(event)
            return firstAssignment.partitions == all
        }

        let second = try KafkaConsumer.make(
            configuration: broker.consumerConfiguration(group: group),
            assignment: .group(topics: [topic], startOffsets: nil), logger: testLogger())
        let secondAssignment = GroupConsumerTests.Assignment()
        async let firstShare: Void = readEvents(first, for: "the first member's share", within: .seconds(60)) { event in
            firstAssignment.apply(event)
            return firstAssignment.revocations == 1 && !firstAssignment.partitions.isEmpty && firstAssignment.partitions != all
        }
        async let secondShare: Void = readEvents(second, for: "the second member's share", within: .seconds(60)) { event in
            secondAssignment.apply(event)
            return !secondAssignment.partitions.isEmpty
        }
        try await firstShare
        try await secondShare
        #expect(firstAssignment.partitions.isDisjoint(with: secondAssignment.partitions))
        #expect(firstAssignment.partitions.union(secondAssignment.partitions) == all)
        #expect(firstAssignment.partitions.count == 2)
        await second.close()
        await first.close()
        await broker.stop()
    }
}
