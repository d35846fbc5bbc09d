import CRdKafka

/// Offset lookups that ask the brokers. Both block: call them through a `BlockingExecutor`.
extension RDKafkaHandle {
    /// For each partition, the earliest offset whose record timestamp is at or after
    /// `timestamp` (`rd_kafka_offsets_for_times`); `.end` when no record is that late. Throws
    /// when the request fails or a partition reports an error.
    func offsetsForTimes(
        _ partitions: [TopicPartition], timestamp: KafkaTimestampQuery, timeout: Duration
    ) throws -> [TopicPartitionOffset] {
        // librdkafka reads the timestamp from each entry's offset field and writes the answer back.
        let list = RDKafkaTopicPartitionList(
            partitions.map { TopicPartitionOffset($0.topic, $0.partition, KafkaOffset(librdkafka: timestamp.milliseconds)) })
        let result = rd_kafka_offsets_for_times(pointer, list.pointer, timeout.clampedMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.query, resp: result, context: "offsets for time \(timestamp.milliseconds) of \(partitions)")
        }
        return try list.entries.map { entry, error in
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.query, resp: error, context: "offset for time \(timestamp.milliseconds) of \(entry)")
            }
            return entry
        }
    }

    /// The group's committed offset of each partition (`rd_kafka_committed`); `.invalid`
    /// where the group has committed nothing. Consumers only: it asks the group coordinator.
    func committedOffsets(_ partitions: [TopicPartition], timeout: Duration) throws -> [TopicPartitionOffset] {
        let list = RDKafkaTopicPartitionList(partitions, offset: .invalid)
        let result = rd_kafka_committed(pointer, list.pointer, timeout.clampedMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.query, resp: result, context: "committed offsets of \(partitions)")
        }
        return try list.entries.map { entry, error in
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.query, resp: error, context: "committed offset of \(entry)")
            }
            return entry
        }
    }
}
