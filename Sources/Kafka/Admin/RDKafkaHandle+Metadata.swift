import CRdKafka

extension RDKafkaHandle {
    /// Brokers and partition counts of all topics, from one metadata request. Blocks: call it
    /// through a `BlockingExecutor`. A topic the broker reports with an error (e.g. leader
    /// not yet elected) is left out rather than given a wrong count.
    func clusterMetadata(timeout: Duration) throws -> ClusterMetadata {
        var metadata: UnsafePointer<rd_kafka_metadata_t>?
        let result = rd_kafka_metadata(pointer, 1, nil, &metadata, timeout.clampedMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(.query, resp: result, context: "cluster metadata")
        }
        // The metadata is ours until rd_kafka_metadata_destroy.
        defer { rd_kafka_metadata_destroy(metadata) }
        let brokers = (0..<Int(metadata.pointee.broker_cnt)).map { metadata.pointee.brokers[$0].id }
        var counts: [String: Int] = [:]
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let entry = metadata.pointee.topics[index]
            guard entry.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            counts[String(cString: entry.topic)] = Int(entry.partition_cnt)
        }
        return ClusterMetadata(brokers: brokers, partitionCounts: counts)
    }
}
