import Dispatch
import Foundation
import Testing
import TestSupport

/// DESIGN.md 3: the store's offsets are written with the facts in one atomic update, so a
/// mirror killed with SIGKILL at any moment and restarted ends with exactly the state of a
/// clean single pass. The mirror (`backstop run`), the estate's publisher and the reference
/// replay are separate processes; the broker is the test's (docs/brokers.md): every seed on the
/// embedded broker, one on noida-db (each of its cases costs a server start), the same
/// assertions.
@Suite("Mirror crash safety", .serialized)
struct MirrorCrashTests {
    @Test("kill -9 at a seeded moment in the middle of ingest, restart, catch up: the digest equals a clean replay's",
          arguments: [(BrokerKind.embedded, UInt64(1)), (.embedded, 2), (.embedded, 3), (.noida, 1)])
    func killAndRestart(_ kind: BrokerKind, seed: UInt64) async throws {
        let backstop = try BuiltProduct.path("backstop")
        let broker = try await EstateBroker.start(kind, partitions: 3)
        let servers = broker.servers
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
        // Static membership, the same id for the killed process and its restart: the restart
        // takes the dead member's place at once. A dynamic member killed without leaving blocks
        // noida-db's next rebalance for minutes (Kafka drops it after the session timeout); the
        // embedded broker accepts either, and takes the same flags so the cases are identical.
        let run = ["run", "--bootstrap-servers", servers, "--state-dir", store, "--group-id", "crash-\(seed)",
                   "--group-instance-id", "crash-\(seed)-mirror", "--batch-size", "1",
                   "--session-timeout-ms", String(kind.sessionTimeoutMilliseconds)]
        // One synced store write a record, so the ingest lasts long enough to be caught in the
        // middle: killed once the store's write-ahead log has grown past a seeded size.
        var generator = SeededGenerator(seed: seed)
        let threshold = Int.random(in: 8_000...60_000, using: &generator)
        let first = try LineReadingChild(backstop, run)
        try await killWhenWriteAheadLog(of: store, passes: threshold, first, within: .seconds(60))
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
        await broker.stop()
    }

    private func digest(_ backstop: String, _ folder: String) async throws -> String {
        let result = try await runProcess(backstop, ["state", "--state-dir", folder, "digest"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
