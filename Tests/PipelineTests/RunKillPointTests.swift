import Control
import Foundation
import Pipeline
import Testing
import TestSupport

/// Where a case kills the run: a crash point and the occurrence (`BACKSTOP_CRASH_AT=<point>:<n>`).
struct KillPoint: Sendable, CustomTestStringConvertible {
    let point: CrashPoint
    let occurrence: Int
    var environmentValue: String { "\(point.rawValue):\(occurrence)" }
    var testDescription: String { environmentValue }
}

/// The uninterrupted run every case is compared with: the same estate (seeded), the same
/// command, on a broker of its own. Made once, by the first case that asks.
actor KillPointReference {
    static let shared = KillPointReference()
    private var made: (command: KillPointCommand, run: FinishedRun)?
    /// Holds the keys, keyring and envelope for every case.
    private var directory: TemporaryDirectory?

    func get() async throws -> (command: KillPointCommand, run: FinishedRun) {
        if let made { return made }
        let directory = try TemporaryDirectory()
        self.directory = directory
        let command = try await KillPointHarness.command(in: directory.path)
        let broker = try await KillPointBroker.start(.embedded)
        do {
            try await KillPointHarness.publishEstate(to: broker)
            let runFolder = try TemporaryDirectory()
            let service = try await KillPointHarness.startService(on: broker, command: command, folder: runFolder.path)
            defer { service.kill() }
            try await KillPointHarness.send(command, to: broker)
            let run = try await KillPointHarness.finished(command, on: broker, folder: runFolder.path)
            #expect(try await service.terminate(within: .seconds(60)) == .exited(0))
            await broker.stop()
            made = (command, run)
            return (command, run)
        } catch {
            await broker.stop()
            throw error
        }
    }
}

/// Exactly once across a real crash (DESIGN.md 4), through the real binary: `backstop run` is
/// told to SIGKILL itself at a crash point in the middle of a run (`BACKSTOP_CRASH_AT`), then
/// started again on the same state and out folders; the resumed run must end with exactly the
/// payments and the files of an uninterrupted run of the same command on the same estate.
///
/// The broker matters for one point. librdkafka's mock cluster (the dev broker) neither fences a
/// dead producer nor filters aborted transactions: a kill at `inside-transaction` leaves the
/// dead incarnation's records of that batch readable, its backstop.batches record included, so
/// the restarted run finds the batch "committed" and only records it in the ledger. What stays
/// meaningful there is that the files and figures are the reference's and that every payment is
/// on the topic (none lost); on noida-db, which aborts the dead transaction and filters it for
/// read_committed readers, the batch is emitted again and read_committed sees each payment once.
@Suite("Run: kill -9 at a crash point through the real binary, then a restart, pays exactly once", .serialized)
struct RunKillPointTests {
    static let points: [KillPoint] = [
        KillPoint(point: .beforeFirstBatch, occurrence: 1),
        KillPoint(point: .afterFile, occurrence: 3),
        KillPoint(point: .insideTransaction, occurrence: 3),
        KillPoint(point: .afterCommitBeforeLedger, occurrence: 3),
        KillPoint(point: .beforeReport, occurrence: 1),
    ]

    @Test("embedded broker: the resumed run's payments and files are the uninterrupted run's", arguments: points)
    func embedded(_ kill: KillPoint) async throws {
        try await killAndResume(kill, on: .embedded)
    }

    @Test("noida-db: a kill inside a transaction leaves no duplicate for read_committed readers",
          .disabled("on noida-db 0.2.3, `backstop run` over an estate published by `backstop simulate` prints no caught-up line within 90 s (over an empty estate it does in a second); not yet diagnosed"))
    func noidaInsideTransaction() async throws {
        try await killAndResume(KillPoint(point: .insideTransaction, occurrence: 3), on: .noida)
    }

    func killAndResume(_ kill: KillPoint, on kind: KillPointBrokerKind) async throws {
        let (command, reference) = try await KillPointReference.shared.get()
        let referencePayments = Set(reference.paymentIDs)
        let referenceFiles = reference.files.keys.filter { $0 != "manifest.json" && $0 != "report.md" }
        // The reference must be a run worth crashing: several files, no duplicate.
        #expect(referenceFiles.count >= 6, "reference files: \(reference.files.keys.sorted())")
        #expect(referencePayments.count == reference.paymentIDs.count && referencePayments.count > 3 * KillPointHarness.itemsPerFile)
        #expect(reference.completed.figures?.paid.count == referencePayments.count)

        let broker = try await KillPointBroker.start(kind)
        let directory = try TemporaryDirectory()
        do {
            try await KillPointHarness.publishEstate(to: broker)

            // 1. The run dies by SIGKILL at the point.
            let crashing = try await KillPointHarness.startService(on: broker, command: command, folder: directory.path, crashAt: kill.environmentValue)
            try await KillPointHarness.send(command, to: broker)
            #expect(await crashing.exit(within: .seconds(90)) == .signalled(SIGKILL))
            try await expectCutShort(at: kill, reference: reference, command: command, broker: broker, folder: directory.path)

            // 2. Started again on the same folders, without the variable: it resumes and completes.
            let restarted = try await KillPointHarness.startService(on: broker, command: command, folder: directory.path)
            defer { restarted.kill() }
            let run = try await KillPointHarness.finished(command, on: broker, folder: directory.path)
            #expect(try await restarted.terminate(within: .seconds(60)) == .exited(0))

            // 3. Exactly the reference's payments, each once, and the reference's files, byte for byte.
            let seen = Set(run.paymentIDs)
            #expect(seen == referencePayments, "missing \(referencePayments.subtracting(seen).count), extra \(seen.subtracting(referencePayments).count)")
            let duplicates = Dictionary(grouping: run.paymentIDs, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            #expect(duplicates.isEmpty, "paid twice on backstop.payments: \(duplicates.prefix(5)) (\(duplicates.count) in all)")
            #expect(run.files.keys.sorted() == reference.files.keys.sorted())
            for name in reference.files.keys.sorted() {
                #expect(run.files[name] == reference.files[name], "\(name) differs from the uninterrupted run's")
            }
            #expect(run.completed.figures == reference.completed.figures)
        } catch {
            await broker.stop()
            throw error
        }
        await broker.stop()
    }

    /// What the crash left, before the restart: the kill fell where the case says, in the middle
    /// of the run (so the restart has something to resume), and no run was reported.
    func expectCutShort(at kill: KillPoint, reference: FinishedRun, command: KillPointCommand,
                        broker: KillPointBroker, folder: String) async throws {
        let audit = try await KillPointHarness.read("backstop.audit", from: broker).map { try AuditRecord.decode(Data($0.utf8)) }
        // The ACCEPTED record may or may not have left before the kill; nothing else may have.
        #expect(audit.allSatisfy { $0.decision == .accepted }, "audit after the kill: \(audit.map(\.decision))")
        let emitted = try await KillPointHarness.read("backstop.payments", from: broker).count
        let total = reference.paymentIDs.count
        let runFolder = folder + "/out/runs/\(command.commandID)"
        let written = ((try? FileManager.default.contentsOfDirectory(atPath: runFolder)) ?? []).filter { !$0.hasPrefix(".") }
        #expect(!written.contains("manifest.json"))
        switch kill.point {
        case .beforeFirstBatch:
            #expect(emitted == 0 && written.isEmpty, "emitted \(emitted), files \(written)")
        case .afterFile, .insideTransaction, .afterCommitBeforeLedger:
            #expect(emitted > 0 && emitted < total, "emitted \(emitted) of \(total)")
            #expect(!written.isEmpty && written.count < reference.files.count - 2, "files \(written)")
        case .beforeReport:
            #expect(emitted == total, "emitted \(emitted) of \(total)")
        }
    }
}
