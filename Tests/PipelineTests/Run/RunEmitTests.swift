import Bacs
import Control
import Entitlements
import Foundation
import Kafka
import Store
import Testing
import TestSupport
@testable import Pipeline

@Suite("Run stage: schedule, batch, emit")
struct RunEmitTests {
    @Test("a run emits exactly the expected payments, one batches record per file, verifiable files, and COMPLETED with reconciled figures")
    func completedRun() async throws {
        let directory = try TemporaryDirectory()
        let store = try RunFixture.store(at: directory.child("store"))
        let broker = try RunBroker()
        let rig = try RunRig(store: store, broker: broker, outputFolder: URL(fileURLWithPath: directory.child("out")), group: "g-emit")
        let run = RunFixture.command()
        let expected = try RunFixture.expectedPaid(store, run)
        #expect(expected.count > 100, "the fixture should pay a few hundred payments, not \(expected.count)")

        let outcome = try await rig.complete(run)
        guard case .completed(let figures) = outcome else {
            Issue.record("the run did not complete: \(outcome)")
            return
        }
        #expect(figures.reconciliationProblem == nil)
        #expect(figures.paid.count == expected.count)
        #expect(figures.paid.pence == expected.values.map(\.amount).sum())

        // backstop.payments: every expected payment once, with its amount and dates, on its partition.
        let records = try await broker.records(broker.payments)
        let instructions = try records.map { try PaymentInstruction.decode($0.value!) }
        #expect(instructions.count == expected.count)
        #expect(instructions.contains { $0.scheduledPaymentDate != nil } && instructions.contains { $0.scheduledPaymentDate == nil })
        #expect(Set(instructions.map(\.paymentId)).count == instructions.count, "a paymentId appears twice")
        for (record, instruction) in zip(records, instructions) {
            let payment = try #require(expected[try PaymentID(instruction.paymentId)])
            #expect(instruction.amountPence == payment.amount.value)
            #expect(instruction.dueDate == payment.dueDate.description)
            #expect(instruction.paymentDate == payment.paymentDate.description)
            // The fixture's window starts before the run's earliest payment date: some are late.
            #expect(instruction.scheduledPaymentDate == (payment.isLate ? payment.scheduledPaymentDate.description : nil))
            #expect(instruction.runId == run.runID)
            #expect(instruction.reference == "\(payment.nino.value) DWP \(payment.benefit.code)")
            #expect(record.key == Array(instruction.nino.utf8))
            #expect(record.partition == RunFixture.partition(of: instruction.nino))
        }

        // backstop.batches: one record per file, with the file's sha256, count and total.
        let folder = rig.outputFolder.appendingPathComponent("runs/\(run.runID)")
        let manifest = try RunManifest.decode(Array(try Data(contentsOf: folder.appendingPathComponent("manifest.json"))))
        let batches = try await broker.records(broker.batches).map { try BatchRecord.decode($0.value!) }
        #expect(batches.count == manifest.files.count)
        #expect(manifest.files.count > 8, "small files: the run should be cut into many batches")
        for batch in batches {
            let file = try Data(contentsOf: rig.outputFolder.appendingPathComponent(batch.file))
            #expect(batch.sha256 == WrittenFile.sha256Hex(file))
            #expect(batch.batchId.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"#, options: .regularExpression) != nil)
            #expect(instructions.filter { $0.batchId == batch.batchId }.count == batch.count)
            #expect(instructions.filter { $0.batchId == batch.batchId }.map(\.amountPence).reduce(0, +) == batch.totalPence)
        }
        let report = RunVerifier.verify(files: [], manifest: folder.appendingPathComponent("manifest.json").path)
        #expect(report.isValid, "\(report.findings)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.md").path))

        // The ledger holds every payment; the audit record is COMPLETED with the same figures.
        for payment in expected.values {
            #expect(try store.ledgerEntry(payment.awardID, dueDate: payment.dueDate, partition: RunFixture.partition(of: payment.nino.value)) != nil)
        }
        let audit = await rig.audit.records
        #expect(audit.map(\.decision) == [.completed])
        #expect(audit.first?.figures == figures)
        #expect(audit.first?.commandId == run.runID)
        #expect(rig.metrics.counters.first { $0.label == "backstop_payments_emitted_total" }?.totalValue == Int64(expected.count))
        #expect(rig.metrics.counters.first { $0.label == "backstop_runs_total" && $0.dimensions.contains { $0 == ("outcome", "completed") } }?.totalValue == 1)
        await rig.shutDown()
    }

    @Test("a DRY_RUN writes its files under dry-runs/ and emits nothing on any topic but its audit record")
    func dryRunEmitsNothing() async throws {
        let directory = try TemporaryDirectory()
        let store = try RunFixture.store(at: directory.child("store"))
        let broker = try RunBroker()
        let rig = try RunRig(store: store, broker: broker, outputFolder: URL(fileURLWithPath: directory.child("out")), group: "g-dry")
        let run = RunFixture.command(.dryRun)
        let outcome = try await rig.complete(run)
        guard case .completed(let figures) = outcome else {
            Issue.record("the dry run did not complete: \(outcome)")
            return
        }
        #expect(try figures.paid.count == RunFixture.expectedPaid(store, run).count)
        #expect(try await broker.records(broker.payments).isEmpty)
        #expect(try await broker.records(broker.batches).isEmpty)
        #expect(try store.counts().ledgerEntries == 0)
        let folder = rig.outputFolder.appendingPathComponent("dry-runs/\(run.runID)")
        #expect(RunVerifier.verify(files: [], manifest: folder.appendingPathComponent("manifest.json").path).isValid)
        #expect(!FileManager.default.fileExists(atPath: rig.outputFolder.appendingPathComponent("runs").path))
        #expect(await rig.audit.records.map(\.decision) == [.completed])
        await rig.shutDown()
    }

    @Test("a second ACTIVATE overlapping the first pays nothing twice: what the first paid is PAID_BY_BACKSTOP")
    func overlappingActivate() async throws {
        let directory = try TemporaryDirectory()
        let store = try RunFixture.store(at: directory.child("store"))
        let broker = try RunBroker()
        let rig = try RunRig(store: store, broker: broker, outputFolder: URL(fileURLWithPath: directory.child("out")), group: "g-overlap")
        let first = RunFixture.command(window: try PaymentWindow(from: CalendarDate("2026-11-30"), to: CalendarDate("2026-12-04")))
        let second = RunFixture.command(window: RunFixture.window)
        // Both accepted before either runs: the second is scheduled only after the first finished.
        try await rig.controller.start(first)
        try await rig.controller.start(second)
        try await rig.controller.runPending()
        guard case .completed(let a) = await rig.controller.outcome(of: first.runID),
              case .completed(let b) = await rig.controller.outcome(of: second.runID) else {
            Issue.record("both runs should complete")
            return
        }
        #expect(a.paid.count > 0)
        #expect(b.excluded[.paidByBackstop] == a.paid, "the second run excludes exactly what the first paid")
        let instructions = try await broker.instructions()
        #expect(instructions.count == a.paid.count + b.paid.count)
        #expect(Set(instructions.map(\.paymentId)).count == instructions.count, "a paymentId appears twice")
        await rig.shutDown()
    }

    @Test("two runs of one command on two copies of one store give identical records and files")
    func determinism() async throws {
        let run = RunFixture.command()
        var folders: [[String: [UInt8]]] = []
        var values: [[[UInt8]]] = []
        var directories: [TemporaryDirectory] = []
        for copy in 0..<2 {
            let directory = try TemporaryDirectory()
            directories.append(directory)
            let store = try RunFixture.store(at: directory.child("store"))
            let broker = try RunBroker()
            let rig = try RunRig(store: store, broker: broker, outputFolder: URL(fileURLWithPath: directory.child("out")), group: "g-det-\(copy)")
            guard case .completed = try await rig.complete(run) else {
                Issue.record("copy \(copy) did not complete")
                return
            }
            folders.append(try filesOf(rig.outputFolder.appendingPathComponent("runs/\(run.runID)")))
            values.append(try await broker.records(broker.payments).sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }.map { $0.value! }
                          + (try await broker.records(broker.batches).sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }.map { $0.value! }))
            await rig.shutDown()
        }
        #expect(folders[0] == folders[1])
        #expect(values[0] == values[1])
        #expect(!values[0].isEmpty)
    }
}

@Suite("Run stage: producer faults")
struct RunFaultTests {
    /// librdkafka's INVALID_PRODUCER_EPOCH: on EndTxn, the producer is fenced, a fatal error.
    static let invalidProducerEpoch = KafkaProtocolError(librdkafkaCode: 47)

    @Test("a fatal producer error on commit: the producer is recreated, the committed batches read again, and the run completes paying each payment once")
    func fatalErrorRecreatesProducer() async throws {
        let directory = try TemporaryDirectory()
        let store = try RunFixture.store(at: directory.child("store"))
        let broker = try RunBroker()
        guard let cluster = broker.cluster else { return }  // the fault is injected into the embedded broker
        let rig = try RunRig(store: store, broker: broker, outputFolder: URL(fileURLWithPath: directory.child("out")), group: "g-fatal")
        let run = RunFixture.command()
        let expected = try RunFixture.expectedPaid(store, run)
        cluster.pushRequestErrors(.endTxn, [Self.invalidProducerEpoch])
        guard case .completed = try await rig.complete(run) else {
            Issue.record("the run did not complete")
            return
        }
        #expect(rig.metrics.counters.first { $0.label == "backstop_batch_retries_total" }?.totalValue ?? 0 >= 1, "the fault was not hit")
        let instructions = try await broker.instructions()
        #expect(Set(instructions.map(\.paymentId)) == Set(expected.keys.map(\.description)))
        #expect(Set(instructions.map(\.paymentId)).count == instructions.count, "a paymentId appears twice")
        await rig.shutDown()
    }
}
