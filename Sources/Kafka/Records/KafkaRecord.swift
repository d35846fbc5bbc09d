/// A record read from Kafka. Keys and values are bytes: decoding is the caller's business.
public struct KafkaRecord: Hashable, Sendable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    /// nil for a record without a key.
    public let key: [UInt8]?
    /// nil for a record with a null value (a tombstone).
    public let value: [UInt8]?
    public let headers: [KafkaHeader]
    /// nil when the broker gave none.
    public let timestamp: KafkaTimestamp?

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?,
        headers: [KafkaHeader], timestamp: KafkaTimestamp?
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    public var topicPartition: TopicPartition { TopicPartition(topic, partition) }
}
