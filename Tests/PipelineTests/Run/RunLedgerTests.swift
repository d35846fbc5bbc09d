import Entitlements
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
        let rebuilder = LedgerRebuilder(store: store, readiness: readiness, bootstrapServers: broker.bootstrapServers,
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
