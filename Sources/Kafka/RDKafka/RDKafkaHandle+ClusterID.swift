import CRdKafka

/// The cluster id, a blocking broker query: call it through a `BlockingExecutor`.
extension RDKafkaHandle {
    /// The cluster id from metadata, or nil when the broker gives none. librdkafka's mock
    /// cluster names itself `mockCluster…` (`rd_kafka_mock_cluster_new`, src/rdkafka_mock.c).
    func clusterID(timeout: Duration) -> String? {
        // The string is allocated by librdkafka and ours to free with rd_kafka_mem_free.
        guard let id = rd_kafka_clusterid(pointer, timeout.clampedMilliseconds) else { return nil }
        defer { rd_kafka_mem_free(pointer, id) }
        return String(cString: id)
    }
}
