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
    @Test("kill -9 at a seeded moment in the middle of ingest, restart, catch up: the digest equals a clean replay's", arguments: [UInt64(1), 2, 3])
    func killAndRestart(seed: UInt64) async throws {
        let backstop = try BuiltProduct.path("backstop")
        let topics = mirrorRepositoryRoot.appendingPathComponent("topics/topics.yaml").path
        let broker = try LineReadingChild(backstop, ["dev-broker", "--brokers", "1", "--partitions", "3", "--topics", topics])
        defer { broker.kill() }
        let line = try await broker.firstLine(within: .seconds(600))
        let servers = String(try #require(line.split(separator: "=", maxSplits: 1).last))
        let folders = try TemporaryDirectory()

        let simulated = try await runProcess(backstop, [
            "simulate", "--bootstrap-servers", servers, "--claimants", "300", "--seed", String(seed), "--as-of", "2026-11-20",
        ])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let replayed = try await runProcess(backstop, ["replay", "--bootstrap-servers", servers, "--state-dir", folders.child("reference"), "--from", "beginning"])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        let reference = try await digest(backstop, folders.child("reference"))

        let published = Int(try #require(simulated.stdout.split(separator: " ").dropFirst().first.flatMap { Int($0) }))
        let store = folders.child("store")
        let run = ["run", "--bootstrap-servers", servers, "--state-dir", store, "--group-id", "crash-\(seed)",
                   "--batch-size", "1", "--session-timeout-ms", "3000"]
        // One synced store write a record, so the ingest lasts long enough to be caught in the
        // middle: killed once the store's write-ahead log has grown past a seeded size.
        var generator = SeededGenerator(seed: seed)
        let threshold = Int.random(in: 8_000...60_000, using: &generator)
        let first = try LineReadingChild(backstop, run)
        try await poll("the write-ahead log of the first run to pass \(threshold) bytes", within: .seconds(60)) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: store)) ?? []
            let bytes = names.filter { $0.hasSuffix(".log") }.compactMap {
                (try? FileManager.default.attributesOfItem(atPath: store + "/" + $0))?[.size] as? Int
            }.reduce(0, +)
            return bytes >= threshold
        }
        first.kill()
        #expect(try await first.terminate(within: .seconds(10)) == .signalled(SIGKILL))
        // The kill fell in the middle of the ingest: some records applied, not all.
        let partial = try await runProcess(backstop, ["state", "--state-dir", store, "summary", "--json"])
        let offsets = try #require(JSONSerialization.jsonObject(with: Data(partial.stdout.utf8)) as? [String: Any])["nextOffsets"] as? [String: Int]
        let applied = offsets?.values.reduce(0, +) ?? 0
        #expect(applied > 0 && applied < published, "applied \(applied) of \(published) before the kill")

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
