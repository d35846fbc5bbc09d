/// The outcome of producing one record, reported once the broker acknowledged it or
/// librdkafka gave up on it.
public struct KafkaDeliveryReport: Sendable {
    /// The id `KafkaProducer.send` returned for the record.
    public let messageID: UInt64
    public let topic: String
    /// Where the record was written, or the error that stopped it.
    public let result: Result<TopicPartitionOffset, KafkaError>
}
