import CRdKafka

/// A consumer's group metadata, for `KafkaTransactionalProducer.sendOffsetsToTransaction`.
/// Owns an `rd_kafka_consumer_group_metadata_t`; `deinit` destroys it.
public final class KafkaConsumerGroupMetadata: @unchecked Sendable {
    // Immutable after creation; librdkafka only reads it.
    let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_consumer_group_metadata_destroy(pointer)
    }
}
