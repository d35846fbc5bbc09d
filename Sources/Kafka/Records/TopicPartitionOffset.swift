/// An exact position of a record: topic, partition, offset.
public struct TopicPartitionOffset: Hashable, Sendable, CustomStringConvertible {
    public let topic: String
    public let partition: Int32
    public let offset: KafkaOffset

    public init(_ topic: String, _ partition: Int32, _ offset: KafkaOffset) {
        precondition(partition >= 0, "a partition number is never negative")
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public var topicPartition: TopicPartition { TopicPartition(topic, partition) }
    public var description: String { "\(topic)[\(partition)]@\(offset)" }
}
