import Control
import Foundation
import Kafka
import Pipeline
import Store
import Testing
import TestSupport

/// The control stage against the embedded cluster: it reads backstop.control from its store's
/// offset, stores each decision before acting on it, and after a crash finishes what it stored.
@Suite("Control stage: reading backstop.control, storing first, the outbox after a restart")
struct ControlStageKafkaTests {
    let keys = ControlKeys()
    let cluster: EmbeddedCluster
    let directory: TemporaryDirectory
    let store: EntitlementStore
    let executor = Store.BlockingExecutor.start(name: "control-stage-test-store")

    init() throws {
        cluster = try EmbeddedCluster.start(brokers: 1, logger: quietLogger())
        try cluster.createTopic(ControlStage.controlTopic, partitions: 1)
        directory = try TemporaryDirectory()
        store = try EntitlementStore.open(at: directory.child("store"))
    }

    func send(_ values: [[UInt8]]) async throws {
        let producer = try KafkaProducer.make(configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers), logger: quietLogger())
        for value in values {
            try await producer.send(KafkaProducerRecord(topic: ControlStage.controlTopic, key: Array("k".utf8), value: value))
        }
        #expect(try await producer.awaitDeliveries().delivered == values.count)
        try await producer.close()
    }

    func stage(audit: any AuditSink, runs: any CommandHandoff, now: Date, metrics: ControlMetrics) -> ControlStage {
        ControlStage(
            store: store, storeExecutor: executor, step: ControlDecisionStep(keyring: keys.keyring), clock: { now },
            audit: audit, runs: runs,
            makeConsumer: ControlStage.consumer(
                configuration: KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: "control-\(UUID().uuidString)"),
                logger: quietLogger()),
            metrics: metrics, logger: quietLogger())
    }

    @Test("decisions are stored, audited in order, accepted commands handed off, offsets kept")
    func decidesEveryRecord() async throws {
        let activate = ControlKeys.command()
        let halt = ControlKeys.command(.halt, runId: activate.commandId)
        try await send([
            keys.envelope(activate, approvedBy: ["ops-a", "ops-b"]),
            keys.envelope(ControlKeys.command(), approvedBy: ["ops-a"]),
            keys.envelope(activate, approvedBy: ["ops-b", "ops-a"]),  // a replay
            keys.envelope(halt, approvedBy: ["ops-a", "ops-b"]),
        ])
        let audit = RecordingAuditDelivery()
        let runs = RecordingRunController()
        let registry = MetricsRegistry()
        let service = stage(audit: audit, runs: runs, now: ControlKeys.now, metrics: registry.control)
        let task = Task { try await service.run() }
        let delivered = try await audit.delivered.wait(for: 4)
        let calls = try await runs.calls.wait(for: 2)
        task.cancel()
        _ = await task.result

        #expect(delivered.map(\.record.decision) == [.accepted, .rejected, .rejected, .accepted])
        #expect(delivered[2].record.reason.hasPrefix("REPLAYED"))
        #expect(delivered.map(\.key)[0] == activate.commandId)
        #expect(calls == [
            .start(AcceptedCommand(command: activate, approvers: ["ops-a", "ops-b"], controlOffset: 0)),
            .halt(activate.commandId, AcceptedCommand(command: halt, approvers: ["ops-a", "ops-b"], controlOffset: 3)),
        ])
        #expect(try store.command(activate.commandId)?.decision == "ACCEPTED")
        #expect(try store.nextOffsets()[InputPartition(topic: ControlStage.controlTopic, partition: 0)] == 4)
        #expect(try store.pendingControlFollowUps().isEmpty)
        let text = registry.exposition()
        #expect(text.contains(#"backstop_control_decisions_total{decision="ACCEPTED",reason="ACTIVATE"} 1"#))
        #expect(text.contains(#"backstop_control_decisions_total{decision="REJECTED",reason="REPLAYED"} 1"#))
    }

    @Test("a crash before the audit is delivered: after the restart the stored ACCEPTED is delivered and handed off, never re-decided as expired")
    func outboxSurvivesRestart() async throws {
        let activate = ControlKeys.command(lifetime: 3600)
        try await send([keys.envelope(activate, approvedBy: ["ops-a", "ops-b"])])

        // First incarnation: the broker refuses the audit record; the process stops while retrying.
        let refusing = RecordingAuditDelivery(refusing: true)
        let firstRuns = RecordingRunController()
        let firstStage = stage(audit: refusing, runs: firstRuns, now: ControlKeys.now, metrics: MetricsRegistry().control)
        let first = Task { try await firstStage.run() }
        _ = try await refusing.attempts.wait(for: 1)
        first.cancel()
        _ = await first.result
        #expect(firstRuns.calls.all.isEmpty)
        #expect(try store.pendingControlFollowUps().map(\.kind) == [.audit, .handOff])

        // Second incarnation, two hours later: the command has expired by now, but its decision stands.
        let audit = RecordingAuditDelivery()
        let runs = RecordingRunController()
        let later = ControlKeys.now.addingTimeInterval(7200)
        let secondStage = stage(audit: audit, runs: runs, now: later, metrics: MetricsRegistry().control)
        let second = Task { try await secondStage.run() }
        let delivered = try await audit.delivered.wait(for: 1)
        let calls = try await runs.calls.wait(for: 1)
        // Wait until the hand-off is marked done before stopping the stage.
        let deadline = ContinuousClock.now + .seconds(30)
        while try !store.pendingControlFollowUps().isEmpty {
            guard ContinuousClock.now < deadline else { Issue.record("hand-off never completed"); break }
            await Task.yield()
        }
        second.cancel()
        _ = await second.result
        #expect(delivered.map(\.record.decision) == [.accepted])
        #expect(delivered[0].record.at == ControlKeys.now)
        #expect(calls == [.start(AcceptedCommand(command: activate, approvers: ["ops-a", "ops-b"], controlOffset: 0))])
        #expect(audit.delivered.all.count == 1)
        #expect(try store.command(activate.commandId)?.decision == "ACCEPTED")
    }
}
