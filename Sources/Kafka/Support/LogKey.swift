/// Metadata keys of this module's log records, defined once (STYLE.md 13).
enum LogKey {
    static let librdkafkaFacility = "librdkafka.facility"
    static let librdkafkaMessage = "librdkafka.message"
    static let kafkaTopic = "kafka.topic"
    static let kafkaPartition = "kafka.partition"
    static let kafkaPartitions = "kafka.partitions"
    static let kafkaGroup = "kafka.group"
    static let kafkaBootstrap = "kafka.bootstrap"
    static let kafkaBrokers = "kafka.brokers"
    static let kafkaError = "kafka.error"
}
