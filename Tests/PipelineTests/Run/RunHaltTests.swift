import Entitlements
import Foundation
import Store
import Synchronization
import Testing
import TestSupport
@testable import Pipeline

@Suite("Run stage: HALT")
struct RunHaltTests {
    /// Sends a HALT for the run while its first batch is in flight (its file just written).
    final class HaltWhileInFlight: CrashHook {
        let controller = Mutex<RunController?>(nil)
        let runID: String
        private let sent = Mutex(false)

        init(runID: String) { self.runID = runID }

        func reached(_ point: CrashPoint) throws {
            guard point == .afterFile, !sent.withLock({ let was = $0; $0 = true; return was }),
                  let controller = controller.withLock({ $0 }) else { return }
            let done = DispatchSemaphore(value: 0)
            let runID = runID
            Task.detached {
                _ = try? await controller.halt(runID: runID)
                done.signal()
            }
            done.wait()
        }
    }

    /// One partition in flight, so exactly one batch is in flight when the HALT comes.
    @Test("HALT stops the run after the batch in flight; nothing else is emitted; HALTED with the figures so far")
    func haltAfterBatchInFlight() async throws {
        let directory = try TemporaryDirectory()
        let store = try RunFixture.store(at: directory.child("store"))
        let broker = try RunBroker()
        let run = RunFixture.command()
        let hook = HaltWhileInFlight(runID: run.runID)
        let rig = try RunRig(store: store, broker: broker, outputFolder: URL(fileURLWithPath: directory.child("out")),
                             group: "g-halt", crashHook: hook, partitionsInFlight: 1)
        hook.controller.withLock { $0 = rig.controller }
        let outcome = try await rig.complete(run)
        guard case .halted(let figures) = outcome else {
            Issue.record("the run was not halted: \(outcome)")
            return
        }
        let batches = try await broker.records(broker.batches).map { try BatchRecord.decode($0.value!) }
        #expect(batches.count == 1, "only the batch in flight is emitted")
        let instructions = try await broker.instructions()
        #expect(instructions.count == batches.first?.count)
        #expect(figures.paid.count == instructions.count)
        // Due and excluded are the whole schedule's; paid is what went out before the halt.
        #expect(figures.due.count == figures.totalExcluded.count + (try RunFixture.expectedPaid(store, run).count))
        let audit = await rig.audit.records
        #expect(audit.map(\.decision) == [.halted])
        #expect(audit.first?.figures?.paid == figures.paid)
        #expect(try store.storedRun(run.runID)?.state == .halted)
        // No manifest: the run did not finish.
        #expect(!FileManager.default.fileExists(atPath: rig.outputFolder.appendingPathComponent("runs/\(run.runID)/manifest.json").path))
        // A restarted controller does not pick a halted run up again.
        let again = try RunRig(store: store, broker: broker, outputFolder: rig.outputFolder, group: "g-halt")
        try await again.controller.runPending()
        #expect(try await broker.records(broker.batches).count == 1)
        await rig.shutDown()
        await again.shutDown()
    }

    @Test("a HALT persisted before a crash holds: the resumed run emits nothing more")
    func haltSurvivesRestart() async throws {
        let directory = try TemporaryDirectory()
        let store = try RunFixture.store(at: directory.child("store"))
        let broker = try RunBroker()
        let run = RunFixture.command()
        let out = URL(fileURLWithPath: directory.child("out"))
        do {
            let crashing = try RunRig(store: store, broker: broker, outputFolder: out, group: "g-halt2",
                                      crashHook: ThrowingCrashHook(at: .afterCommitBeforeLedger, occurrence: 2), partitionsInFlight: 1)
            try await crashing.controller.start(run)
            await #expect(throws: CrashPointReached.self) { try await crashing.controller.runPending() }
            #expect(try await crashing.controller.halt(runID: run.runID))
            crashing.executor.shutdown()
        }
        let resumed = try RunRig(store: store, broker: broker, outputFolder: out, group: "g-halt2", partitionsInFlight: 1)
        try await resumed.controller.runPending()
        guard case .halted(let figures) = await resumed.controller.outcome(of: run.runID) else {
            Issue.record("the resumed run should end HALTED")
            return
        }
        let batches = try await broker.records(broker.batches).map { try BatchRecord.decode($0.value!) }
        #expect(batches.count == 2, "the two committed batches, nothing after")
        #expect(figures.paid.count == batches.map(\.count).reduce(0, +))
        // The committed batch whose ledger write the crash prevented is in the ledger now.
        #expect(try store.counts().ledgerEntries == figures.paid.count)
        await resumed.shutDown()
    }
}
