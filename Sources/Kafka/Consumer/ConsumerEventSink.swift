import CRdKafka
import Logging

/// Where a consumer's poll thread puts what happens: records accumulate into a batch; any
/// other event first flushes the batch, so the application sees everything in order. Also
/// the target of the consumer's C callbacks (rebalance, commit results, errors), which
/// librdkafka calls on the poll thread from inside `rd_kafka_consumer_poll` and
/// `rd_kafka_consumer_close`.
///
/// Thread safety: `pending` and `topicNames` are touched only on the poll thread; `errors`
/// is locked (librdkafka may report errors from its own threads); the hand-off is
/// thread-safe.
final class ConsumerEventSink: @unchecked Sendable {
    typealias StartOffsets = @Sendable ([TopicPartition]) -> [TopicPartition: KafkaOffset]

    let handoff: BoundedHandoff<KafkaConsumerEvent>
    let maxBatchSize: Int
    private let startOffsets: StartOffsets?
    private let logger: Logger
    private let errors = Locked<[KafkaError]>([])
    private var pending: [KafkaRecord] = []
    /// Topic names by topic handle, so a record's topic String is made once per topic.
    private var topicNames: [OpaquePointer: String] = [:]

    /// Errors waiting for the poll thread at most; more are counted in the log, not kept.
    static let maxPendingErrors = 1000

    init(maxBatchSize: Int, maxBufferedBatches: Int, startOffsets: StartOffsets?, logger: Logger) {
        self.handoff = BoundedHandoff(capacity: maxBufferedBatches)
        self.maxBatchSize = maxBatchSize
        self.startOffsets = startOffsets
        self.logger = logger
        pending.reserveCapacity(maxBatchSize)
    }

    // MARK: Poll thread

    /// A message from `rd_kafka_consumer_poll`: a record, an end of partition, or an error.
    func consume(_ message: UnsafePointer<rd_kafka_message_t>) {
        let m = message.pointee
        switch m.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            pending.append(KafkaRecord(message: message, topic: topicName(m.rkt)))
            if pending.count >= maxBatchSize { flush() }
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            emit(.endOfPartition(TopicPartition(topicName(m.rkt), m.partition), offset: m.offset))
        default:
            let context = m.rkt.map { "consuming \(topicName($0))[\(m.partition)]" } ?? "consuming"
            emit(.error(KafkaError(.consume, resp: m.err, context: context)))
        }
    }

    /// Hands the records gathered so far to the application.
    func flush() {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        handoff.put(.records(batch))
    }

    /// Hands over the errors that callbacks recorded since the last call.
    func drainErrors() {
        let drained = errors.withLock { errors in
            defer { errors.removeAll() }
            return errors
        }
        for error in drained { emit(.error(error)) }
    }

    func emit(_ event: KafkaConsumerEvent) {
        flush()
        handoff.put(event)
    }

    private func topicName(_ topic: OpaquePointer?) -> String {
        guard let topic else { return "" }
        if let name = topicNames[topic] { return name }
        let name = String(cString: rd_kafka_topic_name(topic))
        topicNames[topic] = name
        return name
    }

    // MARK: Callbacks

    func record(_ error: KafkaError) {
        let kept = errors.withLock { errors in
            guard errors.count < Self.maxPendingErrors else { return false }
            errors.append(error)
            return true
        }
        if !kept {
            logger.error("consumer error dropped: too many unread", metadata: [LogKey.kafkaError: "\(error)"])
        }
    }

    /// The eager rebalance protocol (DESIGN.md 7.1): on assignment, the application chooses
    /// where each new partition starts, then `rd_kafka_assign` applies it; on revocation, the
    /// application hears of it before the partitions are unassigned.
    func rebalance(
        _ rk: OpaquePointer, _ err: rd_kafka_resp_err_t,
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) {
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            let partitions = list.map { RDKafkaTopicPartitionList.read($0).map(\.entry.topicPartition) } ?? []
            let chosen = startOffsets?(partitions) ?? [:]
            let starts = partitions.map { TopicPartitionOffset($0.topic, $0.partition, chosen[$0] ?? .committed) }
            let assignment = RDKafkaTopicPartitionList(starts)
            let result = rd_kafka_assign(rk, assignment.pointer)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                emit(.error(KafkaError(.subscription, resp: result, context: "assigning \(partitions)")))
                return
            }
            emit(.partitionsAssigned(starts))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let partitions = list.map { RDKafkaTopicPartitionList.read($0).map(\.entry.topicPartition) } ?? []
            emit(.partitionsRevoked(partitions))
            let result = rd_kafka_assign(rk, nil)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                emit(.error(KafkaError(.subscription, resp: result, context: "unassigning \(partitions)")))
            }
        default:
            // librdkafka asks to drop the assignment to resynchronise with the group.
            emit(.error(KafkaError(.subscription, resp: err, context: "rebalance")))
            rd_kafka_assign(rk, nil)
        }
    }

    /// Results of asynchronous commits: failures become error events.
    func commitResult(_ err: rd_kafka_resp_err_t, _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
            record(KafkaError(.commit, resp: err, context: "asynchronous commit"))
            return
        }
        let entries = list.map { RDKafkaTopicPartitionList.read($0) } ?? []
        for failed in entries where failed.error != RD_KAFKA_RESP_ERR_NO_ERROR {
            record(KafkaError(.commit, resp: failed.error, context: "asynchronous commit of \(failed.entry)"))
        }
    }
}
