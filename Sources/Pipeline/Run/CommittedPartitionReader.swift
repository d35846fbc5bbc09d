import Kafka
import Logging

/// Reads one partition from its beginning to the end it has when the read starts, with
/// isolation.level=read_committed, handing every record to `body`. Used for the committed
/// batches of a run (resume) and for rebuilding a partition's ledger from backstop.payments.
///
/// On a real broker, read_committed stops at the last stable offset and skips aborted records;
/// the embedded broker filters nothing (DESIGN.md 7), so there it also hands over records of
/// aborted or still-open transactions.
struct CommittedPartitionReader: Sendable {
    let connection: KafkaConnection
    /// Consumer group used only because librdkafka's poll needs one; nothing is committed to it.
    let groupID: String
    let timeout: Duration
    let logger: Logger

    func readAll(topic: String, partition: Int32, _ body: ([KafkaRecord]) throws -> Void) async throws {
        var configuration = connection.consumer(groupID: groupID)
        configuration.isolationLevel = .readCommitted
        configuration.enablePartitionEOF = true
        configuration.maxBatchSize = 10_000
        let consumer = try KafkaConsumer.make(
            configuration: configuration, assignment: .partitions([TopicPartitionOffset(topic, partition, .beginning)]), logger: logger)
        do {
            try await read(consumer, topic: topic, partition: partition, body)
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }

    private func read(_ consumer: KafkaConsumer, topic: String, partition: Int32, _ body: ([KafkaRecord]) throws -> Void) async throws {
        let end = try await consumer.queryWatermarks(TopicPartition(topic, partition)).high
        guard end > 0 else { return }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var reached: Int64 = 0
        while reached < end {
            guard let event = try await consumer.nextEvent(before: deadline) else {
                throw KafkaError(.consume, message: "the reader of \(topic)[\(partition)] closed before offset \(end)")
            }
            switch event {
            case .records(let records):
                try body(records)
                if let last = records.last { reached = max(reached, last.offset + 1) }
            case .endOfPartition(_, let offset):
                reached = max(reached, offset)
                // read_committed ends at the last stable offset, which may stay below `end`
                // while a transaction is open: the end reached is the end there is.
                if offset < end { return }
            case .error(let error):
                if error.isFatal { throw error }
                logger.warning("partition reader error", metadata: [RunLogKey.error: "\(error)"])
            case .partitionsAssigned, .partitionsRevoked:
                continue
            }
        }
    }
}
