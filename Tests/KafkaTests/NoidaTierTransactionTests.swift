import Kafka
import Testing
import TestSupport

/// What the embedded broker cannot show (DESIGN.md 7): aborted transactions filtered from
/// read_committed consumers, and offsets sent with a transaction stored with it.
@Suite("noida-db tier: transactions")
struct NoidaTierTransactionTests {
    /// Aborted records, then committed ones, then reads from the beginning until the last
    /// committed record: what the consumer saw before it.
    func abortThenCommit(on broker: NoidaBroker, isolation: IsolationLevel) async throws -> [String] {
        let topic = try await broker.createTopic("noida-txn", partitions: 1)
        let producer = try broker.transactionalProducer()
        try await producer.initTransactions()
        try producer.beginTransaction()
        for i in 0..<3 {
            try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, key: nil, value: "aborted-\(i)".bytes))
        }
        // Delivered to the broker's log before the abort: only the abort marker hides them.
        let beforeAbort = try await producer.awaitDeliveries(timeout: .seconds(30))
        #expect(beforeAbort.delivered == 3)
        try await producer.abortTransaction()
        try producer.beginTransaction()
        for i in 0..<2 {
            try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, key: nil, value: "committed-\(i)".bytes))
        }
        try await producer.commitTransaction()
        try await producer.close()

        let consumer = try KafkaConsumer.make(
            configuration: broker.consumerConfiguration(group: uniqueName("g"), isolation: isolation),
            assignment: .partitions([TopicPartitionOffset(topic, 0, .beginning)]), logger: testLogger())
        var values: [String] = []
        try await readEvents(consumer, for: "the last committed record", within: .seconds(30)) { event in
            if case .records(let batch) = event {
                values += batch.map { String(decoding: $0.value ?? [], as: UTF8.self) }
            }
            return values.contains("committed-1")
        }
        await consumer.close()
        return values
    }

    @Test("a read_committed consumer does not see an aborted transaction's records")
    func readCommittedSkipsAborted() async throws {
        let broker = try await NoidaBroker.start()
        let values = try await abortThenCommit(on: broker, isolation: .readCommitted)
        await broker.stop()
        #expect(values == ["committed-0", "committed-1"])
    }

    @Test("a read_uncommitted consumer does see them: the aborted records were written")
    func readUncommittedSeesAborted() async throws {
        let broker = try await NoidaBroker.start()
        let values = try await abortThenCommit(on: broker, isolation: .readUncommitted)
        await broker.stop()
        #expect(values == ["aborted-0", "aborted-1", "aborted-2", "committed-0", "committed-1"])
    }

    @Test("offsets sent with a committed transaction are stored for the group; an aborted transaction's are not")
    func offsetsStoredWithTransaction() async throws {
        let broker = try await NoidaBroker.start()
        let input = try await broker.createTopic("noida-txn-in", partitions: 2)
        let output = try await broker.createTopic("noida-txn-out", partitions: 1)
        let group = uniqueName("g")
        let consumer = try KafkaConsumer.make(
            configuration: broker.consumerConfiguration(group: group),
            assignment: .partitions([TopicPartitionOffset(input, 0, .beginning), TopicPartitionOffset(input, 1, .beginning)]),
            logger: testLogger())
        let partitions = [TopicPartition(input, 0), TopicPartition(input, 1)]
        #expect(try await consumer.committedOffsets(partitions) == [
            TopicPartitionOffset(input, 0, .invalid), TopicPartitionOffset(input, 1, .invalid),
        ])

        let producer = try broker.transactionalProducer()
        try await producer.initTransactions()
        try producer.beginTransaction()
        try await producer.send(KafkaProducerRecord(topic: output, key: nil, value: "result".bytes))
        try await producer.sendOffsetsToTransaction(
            [TopicPartitionOffset(input, 0, .exactly(7)), TopicPartitionOffset(input, 1, .exactly(3))],
            groupMetadata: try consumer.groupMetadata())
        try await producer.commitTransaction()
        #expect(try await consumer.committedOffsets(partitions) == [
            TopicPartitionOffset(input, 0, .exactly(7)), TopicPartitionOffset(input, 1, .exactly(3)),
        ])

        try producer.beginTransaction()
        try await producer.send(KafkaProducerRecord(topic: output, key: nil, value: "abandoned".bytes))
        try await producer.sendOffsetsToTransaction(
            [TopicPartitionOffset(input, 0, .exactly(9))], groupMetadata: try consumer.groupMetadata())
        try await producer.abortTransaction()
        #expect(try await consumer.committedOffsets(partitions) == [
            TopicPartitionOffset(input, 0, .exactly(7)), TopicPartitionOffset(input, 1, .exactly(3)),
        ])

        try await producer.close()
        await consumer.close()
        await broker.stop()
    }
}
