import CRdKafka
import Logging

/// A Kafka consumer over librdkafka (DESIGN.md 7). It either joins a consumer group and
/// reads the partitions the group gives it, or reads explicit partitions from explicit
/// offsets. A thread of its own polls librdkafka and hands records over in batches through
/// a bounded hand-off, so a slow application slows the poll thread instead of filling memory.
/// Read the events with `events` or `nextEvent(before:)`, from one task.
public final class KafkaConsumer: Sendable {
    /// How the consumer gets its partitions.
    public enum Assignment: Sendable {
        /// Join the group of the configuration and subscribe to `topics` (eager assignor).
        /// `startOffsets`, when given, is called on the poll thread inside each assignment
        /// with the newly assigned partitions, and returns where each starts: Backstop starts
        /// from the offsets of its own store, not the group's (DESIGN.md 3). A partition it
        /// leaves out starts from the group's committed offset, or `auto.offset.reset`.
        case group(topics: [String], startOffsets: (@Sendable ([TopicPartition]) -> [TopicPartition: KafkaOffset])?)
        /// Read exactly these partitions from these offsets, outside group management
        /// (`rd_kafka_assign`, not `rd_kafka_seek_partitions`: DESIGN.md 7.1).
        case partitions([TopicPartitionOffset])
    }

    private let handle: RDKafkaHandle
    private let sink: ConsumerEventSink
    private let lifecycle: ConsumerPollThread.Lifecycle
    private let executor: BlockingExecutor
    private let groupID: String
    private let logger: Logger

    private init(
        handle: RDKafkaHandle, sink: ConsumerEventSink, lifecycle: ConsumerPollThread.Lifecycle,
        groupID: String, logger: Logger
    ) {
        self.handle = handle
        self.sink = sink
        self.lifecycle = lifecycle
        self.executor = BlockingExecutor(label: "backstop.kafka.consumer.\(groupID)")
        self.groupID = groupID
        self.logger = logger
    }

    /// Builds the consumer, subscribes or assigns, and starts its poll thread.
    public static func make(
        configuration: KafkaConsumerConfiguration, assignment: Assignment, logger: Logger
    ) throws -> KafkaConsumer {
        let properties = try configuration.librdkafkaProperties()
        let startOffsets: ConsumerEventSink.StartOffsets? =
            if case .group(_, let startOffsets) = assignment { startOffsets } else { nil }
        let sink = ConsumerEventSink(
            maxBatchSize: configuration.maxBatchSize, maxBufferedBatches: configuration.maxBufferedBatches,
            startOffsets: startOffsets, logger: logger)
        let callbacks = RDKafkaCallbacks(
            logger: logger,
            onError: { sink.record($0) },
            onRebalance: { sink.rebalance($0, $1, $2) },
            onCommit: { sink.commitResult($0, $1) })
        let handle = try RDKafkaHandle.make(kind: .consumer, properties: properties, callbacks: callbacks)

        switch assignment {
        case .group(let topics, _):
            precondition(!topics.isEmpty, "a group consumer subscribes to at least one topic")
            let subscription = RDKafkaTopicPartitionList(topics.map { TopicPartition($0, 0) }, offset: .invalid)
            // Subscriptions name topics only: the partition field is ignored.
            let result = rd_kafka_subscribe(handle.pointer, subscription.pointer)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.subscription, resp: result, context: "subscribing to \(topics)")
            }
        case .partitions(let partitions):
            let list = RDKafkaTopicPartitionList(partitions)
            let result = rd_kafka_assign(handle.pointer, list.pointer)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.subscription, resp: result, context: "assigning \(partitions)")
            }
            sink.handoff.put(.partitionsAssigned(partitions))
        }

        let lifecycle = ConsumerPollThread.Lifecycle(ClientLifecycle())
        let consumer = KafkaConsumer(
            handle: handle, sink: sink, lifecycle: lifecycle, groupID: configuration.groupID, logger: logger)
        ConsumerPollThread(handle: handle, sink: sink, lifecycle: lifecycle, pollTimeout: configuration.pollTimeout)
            .start(name: "kafka-consumer")
        return consumer
    }

    /// Asks the poll thread to close the consumer, without waiting (it finishes on its own
    /// thread: deinit never blocks).
    deinit {
        requestClose(waiter: nil)
    }

    // MARK: Events

    /// The next event; nil once the consumer is closed. Throws a `.timeout` `KafkaError` when
    /// nothing came before `deadline` (checked each poll interval), and `CancellationError`
    /// when the task is cancelled.
    public func nextEvent(before deadline: ContinuousClock.Instant? = nil) async throws -> KafkaConsumerEvent? {
        try await sink.handoff.next(deadline: deadline)
    }

    /// The events as an asynchronous sequence, ending when the consumer is closed.
    public var events: KafkaConsumerEvents { KafkaConsumerEvents(consumer: self) }

    // MARK: Offsets

    /// Commits `offsets` (each the offset of the next record to read) and waits for the
    /// group coordinator's answer, off the cooperative pool.
    public func commit(_ offsets: [TopicPartitionOffset]) async throws {
        try requireRunning()
        let handle = handle
        try await executor.run {
            let list = RDKafkaTopicPartitionList(offsets)
            let result = rd_kafka_commit(handle.pointer, list.pointer, 0)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.commit, resp: result, context: "committing \(offsets)")
            }
            for (entry, error) in list.entries where error != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(.commit, resp: error, context: "committing \(entry)")
            }
        }
    }

    /// Starts committing `offsets` and returns; a failure arrives later as an `.error` event.
    public func commitAsync(_ offsets: [TopicPartitionOffset]) throws {
        try requireRunning()
        let list = RDKafkaTopicPartitionList(offsets)
        let result = rd_kafka_commit(handle.pointer, list.pointer, 1)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.commit, resp: result, context: "committing \(offsets)")
        }
    }

    /// The consumer's position in each partition: the offset of the next record it will
    /// hand over (`.invalid` before the first record of a partition).
    public func positions(_ partitions: [TopicPartition]) throws -> [TopicPartitionOffset] {
        try requireRunning()
        let list = RDKafkaTopicPartitionList(partitions, offset: .invalid)
        let result = rd_kafka_position(handle.pointer, list.pointer)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.query, resp: result, context: "positions of \(partitions)")
        }
        return list.entries.map(\.entry)
    }

    // MARK: Queries

    /// Watermarks asked of the partition's leader.
    public func queryWatermarks(_ partition: TopicPartition, timeout: Duration = .seconds(10)) async throws -> Watermarks {
        try requireRunning()
        let handle = handle
        return try await executor.run { try handle.queryWatermarks(partition, timeout: timeout) }
    }

    /// Watermarks from the consumer's last fetch of the partition, without a request.
    public func cachedWatermarks(_ partition: TopicPartition) throws -> Watermarks {
        try requireRunning()
        return try handle.cachedWatermarks(partition)
    }

    /// The number of partitions of `topic` (the mirror checks co-partitioning with it).
    public func partitionCount(topic: String, timeout: Duration = .seconds(10)) async throws -> Int {
        try requireRunning()
        let handle = handle
        return try await executor.run { try handle.partitionCount(topic: topic, timeout: timeout) }
    }

    /// The cluster id the brokers report; the embedded cluster's starts with `mockCluster`.
    public func clusterID(timeout: Duration = .seconds(10)) async throws -> String? {
        try requireRunning()
        let handle = handle
        return try await executor.run { handle.clusterID(timeout: timeout) }
    }

    /// For each partition, the offset of the first record with a timestamp at or after
    /// `timestamp`, or `.end` when there is none (`backstop replay` from a time). The embedded
    /// cluster does not implement the lookup (DESIGN.md 7).
    public func offsetsForTimes(
        _ partitions: [TopicPartition], at timestamp: KafkaTimestampQuery, timeout: Duration = .seconds(10)
    ) async throws -> [TopicPartitionOffset] {
        try requireRunning()
        let handle = handle
        return try await executor.run { try handle.offsetsForTimes(partitions, timestamp: timestamp, timeout: timeout) }
    }

    /// The group's committed offset of each partition, asked of the coordinator; `.invalid`
    /// where nothing is committed. Offsets sent with a transaction appear here once it commits.
    public func committedOffsets(_ partitions: [TopicPartition], timeout: Duration = .seconds(10)) async throws -> [TopicPartitionOffset] {
        try requireRunning()
        let handle = handle
        return try await executor.run { try handle.committedOffsets(partitions, timeout: timeout) }
    }

    /// The group metadata a transactional producer needs to commit this consumer's offsets
    /// within a transaction (`KafkaTransactionalProducer.sendOffsetsToTransaction`).
    public func groupMetadata() throws -> KafkaConsumerGroupMetadata {
        try requireRunning()
        guard let metadata = rd_kafka_consumer_group_metadata(handle.pointer) else {
            throw KafkaError(.query, message: "no group metadata for group \(groupID)")
        }
        return KafkaConsumerGroupMetadata(owning: metadata)
    }

    // MARK: Closing

    /// Leaves the group (revoking its partitions), stops the poll thread and waits for it.
    /// Events not yet read are dropped; `nextEvent` then returns nil.
    public func close() async {
        await withCheckedContinuation { continuation in
            requestClose(waiter: continuation)
        }
    }

    private func requestClose(waiter: CheckedContinuation<Void, Never>?) {
        let action = lifecycle.withLock { $0.closeRequested(waiter: waiter) }
        switch action {
        case .stopPollThread:
            // Unblock a poll thread waiting for room; it then sees the close on its next turn.
            sink.handoff.cancel()
        case .wait:
            break
        case .resumeNow(let waiter):
            waiter?.resume()
        }
    }

    private func requireRunning() throws {
        guard lifecycle.withLock({ $0.isRunning }) else {
            throw KafkaError(.closed, message: "the consumer of group \(groupID) is closed")
        }
    }
}
