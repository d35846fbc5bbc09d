import Entitlements
import Kafka
import Simulation

/// Whether an estate fits the embedded broker, which keeps at most 5 MiB per partition and
/// silently drops older batches beyond it (DESIGN.md 7). The estimate is conservative: every
/// record's key, value and a per-record overhead, placed with Kafka's murmur2 partitioner,
/// shrunk by a modest compression ratio only.
public enum EmbeddedBrokerFit {
    /// The mock cluster's cluster id starts with this (`rd_kafka_mock_cluster_new`,
    /// src/rdkafka_mock.c at v2.0.2: `"mockCluster%lx"`).
    public static let clusterIDPrefix = "mockCluster"
    /// Bytes a partition of the mock holds at most.
    public static let partitionLimit = 5 * 1024 * 1024
    /// Bytes assumed per record beyond key and value (record framing, timestamp deltas).
    public static let recordOverhead = 16
    /// The compression ratio assumed: JSON compresses 4 to 8 times with zstd or lz4 in
    /// batches; assuming 3 leaves room.
    public static let assumedCompressionRatio = 3

    public static func isEmbedded(clusterID: String?) -> Bool {
        clusterID?.hasPrefix(clusterIDPrefix) ?? false
    }

    /// The largest estimated partition, or nil when everything fits.
    public static func overflow(
        of simulator: EstateSimulator, partitionCounts: [EstateTopic: Int], limit: Int = partitionLimit
    ) -> (partition: TopicPartition, estimatedBytes: Int)? {
        var bytes: [TopicPartition: Int] = [:]
        for index in 0..<simulator.count {
            let record = simulator.record(at: index)
            let key = Array(record.key.utf8)
            let count = partitionCounts[record.topic] ?? 1
            let partition = TopicPartition(record.topic.rawValue, Murmur2Partitioner.partition(of: key, partitionCount: count))
            bytes[partition, default: 0] += key.count + record.value.count + recordOverhead
        }
        guard let largest = bytes.max(by: { $0.value < $1.value }) else { return nil }
        let estimated = largest.value / assumedCompressionRatio
        return estimated > limit ? (largest.key, estimated) : nil
    }
}
