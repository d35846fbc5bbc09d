import Dispatch
import Foundation
import Testing
import TestSupport

/// DESIGN.md 3: the store's offsets are written with the facts in one atomic update, so a
/// mirror killed with SIGKILL at any moment and restarted ends with exactly the state of a
/// clean single pass. Everything runs as separate processes: the dev broker, the mirror
/// (`backstop run`), the reference replay.
@Suite("Mirror crash safety", .serialized)
struct MirrorCrashTests {
    @Test("kill -9 at a random moment of ingest, restart, catch up: the digest equals a clean replay's", arguments: [UInt64(1), 2, 3])
    func killAndRestart(seed: UInt64) async throws {
        let backstop = try BuiltProduct.path("backstop")
        let topics = mirrorRepositoryRoot.appendingPathComponent("topics/topics.yaml").path
        let broker = try LineReadingChild(backstop, ["dev-broker", "--brokers", "1", "--partitions", "3", "--topics", topics])
        defer { broker.kill() }
        let line = try await broker.firstLine(within: .seconds(600))
        let servers = String(try #require(line.split(separator: "=", maxSplits: 1).last))
        let folders = try TemporaryDirectory()

        let simulated = try await runProcess(backstop, [
            "simulate", "--bootstrap-servers", servers, "--claimants", "120", "--seed", String(seed), "--as-of", "2026-11-20",
        ])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let replayed = try await runProcess(backstop, ["replay", "--bootstrap-servers", servers, "--state-dir", folders.child("reference"), "--from", "beginning"])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        let reference = try await digest(backstop, folders.child("reference"))

        let run = ["run", "--bootstrap-servers", servers, "--state-dir", folders.child("store"), "--group-id", "crash-\(seed)",
                   "--batch-size", "7", "--session-timeout-ms", "3000"]
        // Killed at a seeded moment: the group join takes about 3 s, then ingest about a second.
        var generator = SeededGenerator(seed: seed)
        let moment = Int.random(in: 3_000...4_500, using: &generator)
        let first = try LineReadingChild(backstop, run)
        await withCheckedContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(moment)) { continuation.resume() }
        }
        first.kill()
        #expect(try await first.terminate(within: .seconds(10)) == .signalled(SIGKILL))

        let second = try LineReadingChild(backstop, run)
        let caughtUp = try await second.firstLine(within: .seconds(600))
        #expect(caughtUp == "caught-up partitions=0,1,2")
        #expect(try await second.terminate(within: .seconds(30)) == .exited(0))
        #expect(try await digest(backstop, folders.child("store")) == reference)
    }

    private func digest(_ backstop: String, _ folder: String) async throws -> String {
        let result = try await runProcess(backstop, ["state", "--state-dir", folder, "digest"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
