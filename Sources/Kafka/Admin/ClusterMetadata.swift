/// What a metadata request says about a cluster: its brokers and each topic's partition count.
public struct ClusterMetadata: Sendable, Equatable {
    /// Broker ids.
    public let brokers: [Int32]
    /// Partition count by topic name, internal topics (`__consumer_offsets`) included.
    public let partitionCounts: [String: Int]

    public init(brokers: [Int32], partitionCounts: [String: Int]) {
        self.brokers = brokers
        self.partitionCounts = partitionCounts
    }
}
