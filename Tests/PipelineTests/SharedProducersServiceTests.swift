import Control
import Foundation
import Kafka
import Logging
import ServiceLifecycle
import Testing
@testable import Pipeline

@Suite("Service: the shared producers close after the stages that use them")
struct SharedProducersServiceTests {
    @Test("a graceful shutdown closes the audit producer once the group stops: a later record is refused, not left queued")
    func closesOnShutdown() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: RunFixture.logger())
        try cluster.createTopic(KafkaAuditSink.topic, partitions: 1)
        let audit = try KafkaAuditSink.make(configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers), logger: RunFixture.logger())
        let output = PaymentOutput(producerConfiguration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers),
                                   group: "shared-producers", logger: RunFixture.logger())
        let record = AuditRecord(commandId: "run-1", type: "ACTIVATE", decision: .accepted, reason: "ok",
                                 at: RunFixture.issuedAt, approvers: ["ops-a", "ops-b"])
        try await audit.record(record)

        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: SharedProducersService(audit: audit, output: output, logger: RunFixture.logger()))],
            logger: RunFixture.logger()))
        let running = Task { try await group.run() }
        await group.triggerGracefulShutdown()
        try await running.value

        await #expect { try await audit.record(record) } throws: { error in
            (error as? KafkaError)?.code == .closed
        }
    }
}
