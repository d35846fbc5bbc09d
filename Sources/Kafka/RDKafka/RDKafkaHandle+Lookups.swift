import CRdKafka

/// Two more blocking broker queries: the cluster id and offsets by time. Call them through a
/// `BlockingExecutor`.
extension RDKafkaHandle {
    /// The cluster id from metadata, or nil when the broker gives none. librdkafka's mock
    /// cluster names itself `mockCluster…` (`rd_kafka_mock_cluster_new`, src/rdkafka_mock.c).
    func clusterID(timeout: Duration) -> String? {
        // The string is allocated by librdkafka and ours to free with rd_kafka_mem_free.
        guard let id = rd_kafka_clusterid(pointer, timeout.clampedMilliseconds) else { return nil }
        defer { rd_kafka_mem_free(pointer, id) }
        return String(cString: id)
    }

    /// For each partition, the offset of the first record whose timestamp is at or after the
    /// given milliseconds, `nil` when there is none (or the broker cannot say: the mock answers -1).
    func offsetsForTimes(_ times: [TopicPartition: Int64], timeout: Duration) throws -> [TopicPartition: Int64?] {
        let list = RDKafkaTopicPartitionList(times.map { TopicPartitionOffset($0.key.topic, $0.key.partition, KafkaOffset(librdkafka: $0.value)) })
        let result = rd_kafka_offsets_for_times(pointer, list.pointer, timeout.clampedMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.query, resp: result, context: "offsets for times of \(times.count) partitions")
        }
        var offsets: [TopicPartition: Int64?] = [:]
        for (entry, error) in list.entries {
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.query, resp: error, context: "offset for time of \(entry.topicPartition)")
            }
            offsets[entry.topicPartition] = entry.offset.exactValue
        }
        return offsets
    }
}
