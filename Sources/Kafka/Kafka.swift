/// A thin, typed layer over librdkafka 2.0.2 (DESIGN.md section 7): configuration, a batching
/// consumer that polls on its own thread, idempotent and transactional producers, and the
/// embedded cluster (librdkafka's mock cluster). Nothing above this module sees a C type.
///
/// - `KafkaConsumer` (`KafkaConsumerConfiguration`): group or explicit partitions, events in
///   batches through a bounded hand-off, commits, watermarks, positions, partition counts.
/// - `KafkaProducer` (`KafkaProducerConfiguration`): idempotent, delivery reports, bounded
///   waits for room and for outstanding deliveries.
/// - `KafkaTransactionalProducer` (`KafkaTransactionalProducerConfiguration`).
/// - `EmbeddedCluster`: the in-process cluster, with fault controls; its limits are listed
///   in its documentation.
/// - `KafkaError`: every failure, with librdkafka's code and classification.
///
/// Layout: `RDKafka/` owns every C pointer; `Consumer/`, `Producer/`, `Embedded/` build on it;
/// `Records/` and `Configuration/` are plain values; `Support/` holds the locks, the bounded
/// hand-off and the pure lifecycle state.
public enum KafkaModule {}
