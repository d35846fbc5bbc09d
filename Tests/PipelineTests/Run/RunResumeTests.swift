import Bacs
import Entitlements
import Foundation
import Store
import Testing
import TestSupport
@testable import Pipeline

@Suite("Run stage: exactly once across crashes")
struct RunResumeTests {
    /// Batch-level points are reached at their second occurrence, so that some batches are
    /// complete before the crash and some are not.
    static let cases: [(CrashPoint, Int)] = [
        (.beforeFirstBatch, 1), (.afterFile, 2), (.insideTransaction, 2), (.afterCommitBeforeLedger, 2), (.beforeReport, 1),
    ]

    /// In process: the hook throws at the point, the controller and its producers are dropped
    /// without any clean-up, and a new controller on the same store resumes the run.
    ///
    /// On the embedded broker, `inside-transaction` is only half tested: that broker neither
    /// aborts the dead producer's open transaction nor filters it from read_committed readers
    /// (DESIGN.md 7), so the resumed run sees the open transaction's backstop.batches record
    /// and treats the batch as committed, and the reader sees its payments once. What a real
    /// broker does, abort the transaction and have the resumed run emit the batch again, is
    /// proved by running this suite with BACKSTOP_TEST_BOOTSTRAP naming the noida-db broker.
    @Test("resume after a crash: no paymentId twice, none missing, files byte-identical to an uninterrupted run",
          arguments: RunResumeTests.cases.map(\.0))
    func resumeAfterCrash(point: CrashPoint) async throws {
        let occurrence = Self.cases.first { $0.0 == point }!.1
        let run = RunFixture.command()

        // The uninterrupted run, on its own copy of the store and its own topics.
        let referenceDirectory = try TemporaryDirectory()
        let referenceStore = try RunFixture.store(at: referenceDirectory.child("store"))
        let expected = try RunFixture.expectedPaid(referenceStore, run)
        let referenceBroker = try RunBroker()
        let reference = try RunRig(store: referenceStore, broker: referenceBroker,
                                   outputFolder: URL(fileURLWithPath: referenceDirectory.child("out")), group: "g-ref")
        guard case .completed(let referenceFigures) = try await reference.complete(run) else {
            Issue.record("the uninterrupted run did not complete")
            return
        }
        let referenceFiles = try visibleFiles(reference.outputFolder.appendingPathComponent("runs/\(run.runID)"))
        await reference.shutDown()

        // The interrupted run.
        let directory = try TemporaryDirectory()
        let store = try RunFixture.store(at: directory.child("store"))
        let broker = try RunBroker()
        let out = URL(fileURLWithPath: directory.child("out"))
        do {
            let crashing = try RunRig(store: store, broker: broker, outputFolder: out, group: "g-crash",
                                      crashHook: ThrowingCrashHook(at: point, occurrence: occurrence))
            try await crashing.controller.start(run)
            await #expect(throws: CrashPointReached(point)) { try await crashing.controller.runPending() }
            #expect(await crashing.audit.records.isEmpty, "a crash writes no audit record")
            crashing.executor.shutdown()
        }
        let resumed = try RunRig(store: store, broker: broker, outputFolder: out, group: "g-crash")
        try await resumed.controller.runPending()
        guard case .completed(let figures) = await resumed.controller.outcome(of: run.runID) else {
            Issue.record("the resumed run did not complete")
            return
        }
        #expect(figures == referenceFigures)
        #expect(await resumed.audit.records.map(\.decision) == [.completed])

        let instructions = try await broker.instructions()
        #expect(Set(instructions.map(\.paymentId)).count == instructions.count, "a paymentId appears twice on backstop.payments")
        #expect(Set(instructions.map(\.paymentId)) == Set(expected.keys.map(\.description)), "payments are missing or extra")
        let batches = try await broker.records(broker.batches)
        #expect(batches.count == referenceFiles.keys.filter { $0.hasSuffix(".std18") }.count)
        #expect(try visibleFiles(out.appendingPathComponent("runs/\(run.runID)")) == referenceFiles)
        #expect(try store.counts().ledgerEntries == expected.count)
        await resumed.shutDown()
    }

    /// A run folder's files, without hidden temporaries.
    private func visibleFiles(_ folder: URL) throws -> [String: [UInt8]] {
        try filesOf(folder).filter { !$0.key.hasPrefix(".") }
    }
}

@Suite("Run stage: a store that changed under a crashed run")
struct RunStoreChangedTests {
    @Test("a resume whose batches no longer recompute to what was committed fails, with the ledger rebuilt, and pays nothing twice")
    func storeChangedBetweenCrashAndResume() async throws {
        let directory = try TemporaryDirectory()
        let store = try RunFixture.store(at: directory.child("store"))
        let broker = try RunBroker()
        let out = URL(fileURLWithPath: directory.child("out"))
        let run = RunFixture.command()
        do {
            let crashing = try RunRig(store: store, broker: broker, outputFolder: out, group: "g-changed",
                                      crashHook: ThrowingCrashHook(at: .afterCommitBeforeLedger, occurrence: 1), partitionsInFlight: 1)
            try await crashing.controller.start(run)
            await #expect(throws: CrashPointReached.self) { try await crashing.controller.runPending() }
            crashing.executor.shutdown()
        }
        // The mirror applies a PaymentIssued for a payment of the committed batch.
        let committed = try await broker.instructions()
        let paid = try #require(committed.first)
        try store.apply(StoreUpdate(facts: [(RunFixture.partition(of: paid.nino), .paid(PaidMarker(
            awardID: AwardID(paid.awardId), nino: NINO(paid.nino), dueDate: CalendarDate(paid.dueDate),
            amount: Pence(paid.amountPence), arrival: Arrival(offset: 9_999_999))))]))

        let resumed = try RunRig(store: store, broker: broker, outputFolder: out, group: "g-changed")
        try await resumed.controller.runPending()
        guard case .failed(let reason) = await resumed.controller.outcome(of: run.runID) else {
            Issue.record("the resumed run should fail")
            return
        }
        #expect(reason.contains("the store changed under the run"))
        // Other partitions, whose batches still recompute, may have emitted theirs; whatever is
        // on the topic is there once and in the ledger, the crash's unrecorded batch included,
        // so a new ACTIVATE pays none of it again.
        let emitted = try await broker.instructions()
        #expect(Set(emitted.map(\.paymentId)).count == emitted.count, "a paymentId appears twice")
        #expect(Set(emitted.map(\.paymentId)).isSuperset(of: committed.map(\.paymentId)))
        #expect(try store.counts().ledgerEntries == emitted.count)
        for instruction in committed {
            #expect(try store.ledgerEntry(AwardID(instruction.awardId), dueDate: CalendarDate(instruction.dueDate),
                                          partition: RunFixture.partition(of: instruction.nino)) != nil)
        }
        await resumed.shutDown()
    }
}
