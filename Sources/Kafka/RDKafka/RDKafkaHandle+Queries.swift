import CRdKafka

/// The read-only broker queries both consumers and producers offer. All but
/// `cachedWatermarks` block: call them through a `BlockingExecutor`.
extension RDKafkaHandle {
    /// The partition count of `topic` from fresh metadata; throws when the topic is unknown.
    /// Asks for the metadata of all topics: a request naming the topic could make a broker
    /// that allows automatic creation (the embedded one does) create it.
    func partitionCount(topic: String, timeout: Duration) throws -> Int {
        var metadata: UnsafePointer<rd_kafka_metadata_t>?
        let result = rd_kafka_metadata(pointer, 1, nil, &metadata, timeout.clampedMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(.query, resp: result, context: "metadata of \(topic)")
        }
        // The metadata is ours until rd_kafka_metadata_destroy.
        defer { rd_kafka_metadata_destroy(metadata) }
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let entry = metadata.pointee.topics[index]
            guard String(cString: entry.topic) == topic else { continue }
            guard entry.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.query, resp: entry.err, context: "metadata of \(topic)")
            }
            return Int(entry.partition_cnt)
        }
        throw KafkaError(.query, resp: RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, context: "metadata of \(topic)")
    }

    /// Low and high watermarks asked of the partition's leader.
    func queryWatermarks(_ partition: TopicPartition, timeout: Duration) throws -> Watermarks {
        var low: Int64 = 0
        var high: Int64 = 0
        let result = rd_kafka_query_watermark_offsets(
            pointer, partition.topic, partition.partition, &low, &high, timeout.clampedMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.query, resp: result, context: "watermarks of \(partition)")
        }
        return Watermarks(low: low, high: high)
    }

    /// Watermarks from the last fetch response, without asking the broker. Throws when none
    /// is known yet; an unknown end is reported by librdkafka as -1001.
    func cachedWatermarks(_ partition: TopicPartition) throws -> Watermarks {
        var low: Int64 = 0
        var high: Int64 = 0
        let result = rd_kafka_get_watermark_offsets(pointer, partition.topic, partition.partition, &low, &high)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.query, resp: result, context: "cached watermarks of \(partition)")
        }
        return Watermarks(low: low, high: high)
    }
}
