import Control
import Entitlements
import Kafka
import MetricsTestKit
import Foundation
import Store
import Testing
import TestSupport
@testable import Pipeline

@Suite("Run stage: ledger rebuild")
struct RunLedgerTests {
    @Test("a process that gains partitions rebuilds their ledgers from backstop.payments, and then pays nothing twice")
    func rebuildFromPayments() async throws {
        let run = RunFixture.command()
        let broker = try RunBroker()
        let first = try TemporaryDirectory()
        let firstStore = try RunFixture.store(at: first.child("store"))
        let firstRig = try RunRig(store: firstStore, broker: broker, outputFolder: URL(fileURLWithPath: first.child("out")), group: "g-ledger")
        guard case .completed(let figures) = try await firstRig.complete(run) else {
            Issue.record("the first run did not complete")
            return
        }
        await firstRig.shutDown()

        // Another process's store: the same estate, no ledger.
        let second = try TemporaryDirectory()
        let store = try RunFixture.store(at: second.child("store"))
        #expect(try store.counts().ledgerEntries == 0)
        let readiness = LedgerReadiness()
        let rebuilder = LedgerRebuilder(store: store, readiness: readiness, connection: KafkaConnection(bootstrapServers: broker.bootstrapServers),
                                        paymentsTopic: broker.payments, group: "g-ledger-2", logger: RunFixture.logger())
        var read = 0
        for partition in 0..<RunFixture.partitions {
            #expect(!readiness.isReady(partition))
            read += try await rebuilder.rebuild(partition: partition)
            #expect(readiness.isReady(partition))
        }
        #expect(read == figures.paid.count)
        #expect(try store.counts().ledgerEntries == figures.paid.count)
        for instruction in try await broker.instructions() {
            let entry = try #require(try store.ledgerEntry(AwardID(instruction.awardId), dueDate: CalendarDate(instruction.dueDate),
                                                          partition: RunFixture.partition(of: instruction.nino)))
            #expect(entry.paymentID.description == instruction.paymentId)
            #expect(entry.runID == run.runID)
            #expect(entry.amount.value == instruction.amountPence)
        }

        // A new ACTIVATE for the same window on the rebuilt store pays nothing.
        let rig = try RunRig(store: store, broker: broker, outputFolder: URL(fileURLWithPath: second.child("out")), group: "g-ledger-2")
        guard case .completed(let again) = try await rig.complete(RunFixture.command()) else {
            Issue.record("the second run did not complete")
            return
        }
        #expect(again.paid.count == 0)
        #expect(again.excluded[.paidByBackstop] == figures.paid)
        #expect(try await broker.instructions().count == figures.paid.count)
        await rig.shutDown()
    }

    @Test("a run refuses partitions whose ledger is not rebuilt, and says which")
    func refusesUnrebuiltLedger() async throws {
        let directory = try TemporaryDirectory()
        let store = try RunFixture.store(at: directory.child("store"))
        let broker = try RunBroker()
        let rig = try RunRig(store: store, broker: broker, outputFolder: URL(fileURLWithPath: directory.child("out")),
                             group: "g-refuse", ledgersReady: false)
        let outcome = try await rig.complete(RunFixture.command())
        guard case .failed(let reason) = outcome else {
            Issue.record("the run should fail: \(outcome)")
            return
        }
        #expect(reason.contains("ledgers of estate partitions [0, 1, 2, 3] are not rebuilt"))
        #expect(await rig.audit.records.map(\.decision) == [.failed])
        #expect(try await broker.records(broker.payments).isEmpty)
        await rig.shutDown()
    }
}

@Suite("Run stage: owned partitions and audit")
struct RunOwnershipAndAuditTests {
    @Test("a run waits, bounded, for the owned partitions to be caught up, and fails naming the ones that are not")
    func notCaughtUp() async throws {
        let directory = try TemporaryDirectory()
        let store = try RunFixture.store(at: directory.child("store"))
        let broker = try RunBroker()
        let ownership = PartitionOwnership()
        ownership.assign([0, 1])
        ownership.markCaughtUp(0)
        let ledgers = LedgerReadiness()
        ledgers.markReady(0)
        ledgers.markReady(1)
        var settings = RunSettings(rules: RunFixture.rules(), bacs: RunFixture.bacs(), outputFolder: URL(fileURLWithPath: directory.child("out")), group: "g-wait")
        settings.paymentsTopic = broker.payments
        settings.batchesTopic = broker.batches
        settings.catchUpTimeout = .milliseconds(300)
        settings.catchUpPollInterval = .milliseconds(20)
        let executor = BlockingExecutor.start(name: "run-tests-wait")
        let environment = RunEnvironment(
            store: store, settings: settings, output: PaymentOutput(producerConfiguration: broker.producerConfiguration(), group: "g-wait", logger: RunFixture.logger()),
            metrics: RunMetrics(factory: TestMetrics()), logger: RunFixture.logger(), crashHook: nil, executor: executor)
        let audit = RecordingAuditSink()
        let controller = RunController(environment: environment, ownership: ownership, ledgers: ledgers, audit: audit)
        let run = RunFixture.command()
        try await controller.start(run)
        try await controller.runPending()
        guard case .failed(let reason) = await controller.outcome(of: run.runID) else {
            Issue.record("the run should fail")
            return
        }
        #expect(reason == "estate partitions [1] were not caught up within 0.3 seconds")
        #expect(await audit.records.map(\.decision) == [.failed])
        #expect(try store.storedRun(run.runID)?.state == .failed)
        executor.shutdown()
    }

    @Test("the Kafka audit sink writes each record to backstop.audit, keyed by commandId")
    func kafkaAuditSink() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: RunFixture.logger())
        let topic = "backstop.audit.\(UUID().uuidString.prefix(8).lowercased())"
        try cluster.createTopic(topic, partitions: 1)
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.linger = .milliseconds(1)
        let sink = try KafkaAuditSink.make(configuration: configuration, topic: topic, logger: RunFixture.logger())
        let figures = RunFigures(due: Tally(count: 2, pence: Pence(300)), paid: Tally(count: 1, pence: Pence(100)),
                                 excluded: [.suspended: Tally(count: 1, pence: Pence(200))])
        let record = AuditRecord(commandId: "run-1", type: "ACTIVATE", decision: .completed, reason: "run completed",
                                 at: RunFixture.issuedAt, approvers: ["ops-a", "ops-b"], figures: figures)
        try await sink.record(record)
        try await sink.close()
        let reader = CommittedPartitionReader(connection: KafkaConnection(bootstrapServers: cluster.bootstrapServers), groupID: "audit-reader", timeout: .seconds(30), logger: RunFixture.logger())
        var read: [KafkaRecord] = []
        try await reader.readAll(topic: topic, partition: 0) { read += $0 }
        #expect(read.count == 1)
        #expect(read.first?.key == Array("run-1".utf8))
        #expect(try AuditRecord.decode(Data(read.first!.value!)) == record)
    }
}
