/// What a `KafkaConsumer` hands to the application, in the order it happened.
public enum KafkaConsumerEvent: Sendable {
    /// Up to `maxBatchSize` records, in offset order within each partition.
    case records([KafkaRecord])
    /// Partitions now read by this consumer, with the offsets they start from (`.committed`
    /// when the group's committed offset or `auto.offset.reset` decides).
    case partitionsAssigned([TopicPartitionOffset])
    /// Partitions this consumer no longer reads. Reported before they are unassigned; no
    /// record of them follows until they are assigned again.
    case partitionsRevoked([TopicPartition])
    /// The consumer reached the end of a partition (only with `enablePartitionEOF`); `offset`
    /// is the offset the next record will get.
    case endOfPartition(TopicPartition, offset: Int64)
    /// An error the consumer survived or could not; see `isFatal`.
    case error(KafkaError)
}
