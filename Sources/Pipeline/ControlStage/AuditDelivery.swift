import Control
import Foundation
import Kafka

/// Where the control stage delivers audit records: backstop.audit in the service, a recording
/// double in tests. `record` returns once the record is stored by the broker, and throws when
/// it was not.
public protocol AuditDelivery: Sendable {
    func record(_ record: AuditRecord) async throws
}

/// Delivers audit records to backstop.audit, keyed by commandId, with an idempotent producer,
/// one at a time, each waited for: control records are few, and the outbox must not forget one
/// before the broker has it. An actor, so each delivery tally belongs to one record.
public actor KafkaAuditDelivery: AuditDelivery {
    private let producer: KafkaProducer
    private let topic: String
    private let timeout: Duration

    public init(producer: KafkaProducer, topic: String = ControlStage.auditTopic, timeout: Duration = .seconds(30)) {
        self.producer = producer
        self.topic = topic
        self.timeout = timeout
    }

    public func record(_ record: AuditRecord) async throws {
        try await producer.send(KafkaProducerRecord(
            topic: topic, key: record.commandId.map { Array($0.utf8) }, value: Array(record.encoded())))
        let tally = try await producer.awaitDeliveries(timeout: timeout)
        if let failure = tally.failures.first, case .failure(let error) = failure.result {
            throw error
        }
    }
}
