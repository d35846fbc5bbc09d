/// A thin, typed layer over librdkafka 2.0.2 (DESIGN.md section 7): configuration, a batching
/// consumer that polls on its own thread, idempotent and transactional producers, and the
/// embedded cluster (librdkafka's mock cluster). Nothing above this module sees a C type.
public enum KafkaModule {}
