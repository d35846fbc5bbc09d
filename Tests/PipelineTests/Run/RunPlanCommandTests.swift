import Bacs
import Foundation
import Store
import Testing
import TestSupport
@testable import Pipeline

@Suite("backstop plan")
struct RunPlanCommandTests {
    @Test("backstop plan, as a child process, writes a dry run's files under OUT/dry-runs/ID/ and prints its figures")
    func planAsChildProcess() async throws {
        let directory = try TemporaryDirectory()
        let run = RunFixture.command(.dryRun, id: "plan-test")
        let expected: Int
        do {
            // Closed before the child opens it: RocksDB allows one process per store.
            let store = try RunFixture.store(at: directory.child("store"))
            expected = try RunFixture.expectedPaid(store, run).count
        }
        let result = try await runProcess(try BuiltProduct.path("backstop"), [
            "plan", "--state-dir", directory.child("store"), "--from", "2026-11-30", "--to", "2026-12-11",
            "--out-dir", directory.child("out"), "--id", "plan-test", "--creation-date", "2026-12-01", "--max-items-per-file", "25",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("paid \(expected) "), "\(result.stdout)")
        #expect(result.stdout.contains("dry run plan-test: partitions 0,1,2,3"))
        let manifest = directory.child("out") + "/dry-runs/plan-test/manifest.json"
        #expect(RunVerifier.verify(files: [], manifest: manifest).isValid)
        #expect(try RunManifest.decode(Array(Data(contentsOf: URL(fileURLWithPath: manifest)))).totals.count == expected)

        let bad = try await runProcess(try BuiltProduct.path("backstop"), [
            "plan", "--state-dir", directory.child("store"), "--from", "2026-12-11", "--to", "2026-11-30", "--out-dir", directory.child("out"),
        ])
        #expect(bad.status != 0)
    }

    @Test("BACKSTOP_CRASH_AT makes the real binary kill itself at the point: SIGKILL before the report, files written, no manifest")
    func crashAtInTheBinary() async throws {
        let directory = try TemporaryDirectory()
        do { _ = try RunFixture.store(at: directory.child("store")) }
        let result = try await runProcess("/usr/bin/env", [
            "BACKSTOP_CRASH_AT=before-report", try BuiltProduct.path("backstop"),
            "plan", "--state-dir", directory.child("store"), "--from", "2026-11-30", "--to", "2026-12-11",
            "--out-dir", directory.child("out"), "--id", "crash-test", "--creation-date", "2026-12-01",
        ])
        #expect(result.status == 9, "SIGKILL expected: \(result.stdout) \(result.stderr)")
        let folder = directory.child("out") + "/dry-runs/crash-test"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.contains { $0.hasSuffix(".std18") })
        #expect(!names.contains("manifest.json"))
    }
}

@Suite("Run stage: pieces")
struct RunPiecesTests {
    @Test("BACKSTOP_CRASH_AT names a point and an occurrence; anything else is refused, naming the points")
    func crashAtParsing() throws {
        #expect(try EnvironmentCrashHook.fromEnvironment([:]) == nil)
        #expect(try EnvironmentCrashHook.fromEnvironment(["BACKSTOP_CRASH_AT": "after-file:3"]) != nil)
        #expect(try EnvironmentCrashHook.fromEnvironment(["BACKSTOP_CRASH_AT": "inside-transaction"]) != nil)
        let error = #expect(throws: RunConfigurationError.self) { try EnvironmentCrashHook.fromEnvironment(["BACKSTOP_CRASH_AT": "halfway"]) }
        #expect(error?.message.contains("before-first-batch") == true)
        #expect(throws: RunConfigurationError.self) { try EnvironmentCrashHook.fromEnvironment(["BACKSTOP_CRASH_AT": "after-file:0"]) }
    }

    @Test("a throwing hook fires at the n-th occurrence of its point only")
    func throwingHook() throws {
        let hook = ThrowingCrashHook(at: .afterFile, occurrence: 2)
        try hook.reached(.afterFile)
        try hook.reached(.beforeReport)
        #expect(throws: CrashPointReached(.afterFile)) { try hook.reached(.afterFile) }
        try hook.reached(.afterFile)
    }

    @Test("run records survive in the store, in acceptance order")
    func storedRuns() throws {
        let directory = try TemporaryDirectory()
        let store = try EntitlementStore.open(at: directory.child("store"))
        #expect(try store.nextRunSequence() == 1)
        try store.saveRun(StoredRun(runID: "b", sequence: 2, state: .accepted, command: [1, 2, 3]))
        try store.saveRun(StoredRun(runID: "a", sequence: 1, state: .completed, command: []))
        try store.saveRun(StoredRun(runID: "b", sequence: 2, state: .haltRequested, command: [1, 2, 3]))
        #expect(try store.storedRuns().map(\.runID) == ["a", "b"])
        #expect(try store.storedRun("b")?.state == .haltRequested)
        #expect(try store.storedRun("b")?.command == [1, 2, 3])
        #expect(try store.nextRunSequence() == 3)
        #expect(try store.counts().ledgerEntries == 0)
    }

    @Test("an accepted run's stored form decodes to the same command")
    func acceptedRunRoundTrip() throws {
        let run = RunFixture.command(benefits: [.statePension, .universalCredit])
        #expect(try AcceptedRun.decode(run.encoded(), runID: run.runID) == run)
        #expect(run.creationDate.description == "2026-12-01")
        #expect(throws: RunFailure.self) { try AcceptedRun.decode(run.encoded(), runID: "another") }
    }
}
