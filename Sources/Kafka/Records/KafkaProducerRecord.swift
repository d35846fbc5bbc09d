/// A record to produce.
public struct KafkaProducerRecord: Hashable, Sendable {
    public var topic: String
    /// nil lets the configured partitioner choose from the key (DESIGN.md 2: murmur2_random).
    public var partition: Int32?
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    /// Create time in milliseconds since the epoch; nil lets librdkafka stamp the current time.
    public var timestampMilliseconds: Int64?

    public init(
        topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]?,
        headers: [KafkaHeader] = [], timestampMilliseconds: Int64? = nil
    ) {
        precondition(partition.map { $0 >= 0 } ?? true, "a partition number is never negative")
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }
}
