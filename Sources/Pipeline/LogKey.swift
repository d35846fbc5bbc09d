/// Metadata keys of the Pipeline module's log records, defined once (STYLE.md 13).
enum LogKey {
    static let kafkaTopic = "kafka.topic"
    static let kafkaPartitions = "kafka.partitions"
    static let kafkaReplicationFactor = "kafka.replication_factor"
    static let kafkaBootstrap = "kafka.bootstrap"
    static let kafkaBrokers = "kafka.brokers"
}

extension LogKey {
    static let partition = "kafka.partition"
    static let partitions = "estate.partitions"
    static let reason = "mirror.reason"
    static let error = "error"
    static let count = "count"
}
