import Logging

/// An idempotent Kafka producer over librdkafka (DESIGN.md 7). `send` enqueues a record and
/// returns its message id at once; a thread of the producer's own serves librdkafka's
/// delivery reports, passes each to `onDelivery` (on that thread) and counts them, so
/// `awaitDeliveries` can wait for all outstanding records.
public final class KafkaProducer: Sendable {
    private let core: ProducerCore

    private init(core: ProducerCore) {
        self.core = core
    }

    /// Builds the producer and starts its delivery-report thread. A bad property throws a
    /// `.configuration` `KafkaError` carrying librdkafka's message.
    public static func make(
        configuration: KafkaProducerConfiguration, logger: Logger,
        onDelivery: (@Sendable (KafkaDeliveryReport) -> Void)? = nil
    ) throws -> KafkaProducer {
        let core = try ProducerCore(
            properties: try configuration.librdkafkaProperties(), enqueueTimeout: configuration.enqueueTimeout,
            pollInterval: configuration.pollInterval, logger: logger, onDelivery: onDelivery)
        return KafkaProducer(core: core)
    }

    /// Enqueues `record`; returns the message id its delivery report will carry. While
    /// librdkafka's local queue is full it waits for room, at most the configured
    /// `enqueueTimeout`, then throws.
    @discardableResult
    public func send(_ record: KafkaProducerRecord) async throws -> UInt64 {
        try await core.send(record)
    }

    /// Waits until every record sent so far has a delivery report, at most `timeout` (then
    /// throws `.timeout`), and returns the tally of the reports since the previous call.
    public func awaitDeliveries(timeout: Duration = .seconds(60)) async throws -> DeliveryTally {
        try await core.awaitDeliveries(timeout: timeout)
    }

    /// `rd_kafka_flush`: waits until librdkafka has sent everything, at most `timeout`.
    public func flush(timeout: Duration = .seconds(60)) async throws {
        try await core.flush(timeout: timeout)
    }

    /// Records enqueued and not yet reported.
    public var outstanding: Int { core.outstanding }

    /// The number of partitions of `topic`.
    public func partitionCount(topic: String, timeout: Duration = .seconds(10)) async throws -> Int {
        let handle = core.handle
        return try await core.executor.run { try handle.partitionCount(topic: topic, timeout: timeout) }
    }

    /// The cluster id the brokers report; the embedded cluster's starts with `mockCluster`.
    public func clusterID(timeout: Duration = .seconds(10)) async throws -> String? {
        let handle = core.handle
        return try await core.executor.run { handle.clusterID(timeout: timeout) }
    }

    /// Flushes (at most `timeout`), then stops the delivery-report thread.
    public func close(timeout: Duration = .seconds(60)) async throws {
        try await core.close(timeout: timeout)
    }
}
