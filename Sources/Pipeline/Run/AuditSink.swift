import Control
import Kafka
import Logging

/// Where control decisions and run outcomes go (DESIGN.md 2.3, backstop.audit). The control
/// stage and the run stage share one; the Kafka implementation is `KafkaAuditSink`.
public protocol AuditSink: Sendable {
    /// Returns once the record is durably written (delivered, for Kafka).
    func record(_ record: AuditRecord) async throws
}

/// Writes audit records to backstop.audit, keyed by commandId, with an idempotent producer,
/// waiting for each delivery: an audit record is evidence, so a caller never moves on before
/// it is stored. An actor, so that each delivery tally belongs to one record.
public actor KafkaAuditSink: AuditSink {
    public static let topic = "backstop.audit"
    private let producer: KafkaProducer
    private let topic: String
    private let deliveryTimeout: Duration

    public init(producer: KafkaProducer, topic: String = KafkaAuditSink.topic, deliveryTimeout: Duration = .seconds(60)) {
        self.producer = producer
        self.topic = topic
        self.deliveryTimeout = deliveryTimeout
    }

    /// Builds the idempotent producer too.
    public static func make(configuration: KafkaProducerConfiguration, topic: String = KafkaAuditSink.topic, logger: Logger) throws -> KafkaAuditSink {
        KafkaAuditSink(producer: try KafkaProducer.make(configuration: configuration, logger: logger), topic: topic)
    }

    public func record(_ record: AuditRecord) async throws {
        try await producer.send(KafkaProducerRecord(
            topic: topic, key: record.commandId.map { Array($0.utf8) }, value: Array(record.encoded())))
        let tally = try await producer.awaitDeliveries(timeout: deliveryTimeout)
        guard tally.failed == 0 else {
            throw KafkaError(.produce, message: "the audit record of \(record.commandId ?? "an unreadable command") was not delivered")
        }
    }

    public func close() async throws {
        try await producer.close()
    }
}
