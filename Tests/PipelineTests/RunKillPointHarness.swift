import Control
import Foundation
import Kafka
import Pipeline
import Testing
import TestSupport

/// What a finished run left behind: the payments on backstop.payments in the order read, the
/// run folder's files, and its COMPLETED audit record.
struct FinishedRun: Sendable {
    /// Every paymentId read from backstop.payments with read_committed, duplicates included.
    let paymentIDs: [String]
    /// The run folder's files by name (manifest, report and every Standard 18 file).
    let files: [String: Data]
    let completed: AuditRecord
}

/// The operators, their keyring and one signed and counter-signed ACTIVATE, made once and sent
/// to every broker, so that every case and the reference run the same command (the same
/// commandId, so the same runId, serials and files).
struct KillPointCommand: Sendable {
    let keyring: String
    let envelope: String
    let commandID: String
}

/// One record of backstop.payments, as much of it as the kill-point checks need.
struct EmittedPayment: Sendable, Hashable {
    let paymentID: String
    let batchID: String
}

/// The shared steps of the kill-point tests, through the real binary and kcat.
enum KillPointHarness {
    /// The partitions of every partitioned topic, on both brokers, for the reference and every
    /// case alike: batch ids and file names carry the partition, so the layouts must match.
    static let partitions = 2

    /// A small simulated estate: its as-of date (yesterday: the estate was lost since) and the
    /// ACTIVATE's window from today, which holds several payment dates (so several batches per
    /// partition even before the item limit cuts them), the first few of them paid late.
    static let claimants = 150
    static let seed: UInt64 = 20_261_201
    static let asOf = TestDates.today(plus: -1)
    static let window = (from: TestDates.today(), to: TestDates.today(plus: 13))
    /// Credits per file: small, so that a run writes many files and a crash falls between them.
    static let itemsPerFile = 8

    @discardableResult
    static func backstop(_ arguments: [String], _ what: String) async throws -> String {
        let result = try await runProcess(try BuiltProduct.path("backstop"), arguments, timeout: .seconds(120))
        #expect(result.status == 0, "backstop \(what): \(result.stderr)")
        guard result.status == 0 else { throw HarnessFailure("backstop \(what) exited with \(result.status): \(result.stderr)") }
        return result.stdout
    }

    /// Two operators' keys, a keyring of quorum 2, and an ACTIVATE signed by one, approved by the other.
    static func command(in folder: String) async throws -> KillPointCommand {
        let keys = folder + "/keys"
        var entries: [String] = []
        for id in ["ops-a", "ops-b"] {
            entries.append(try await backstop(["keys", "generate", "--id", id, "--out", keys], "keys generate \(id)")
                .trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let keyring = folder + "/keyring.json"
        try Data("{\"quorum\": 2, \"keys\": [\(entries.joined(separator: ", "))]}".utf8).write(to: URL(fileURLWithPath: keyring))
        let envelope = folder + "/activate.json"
        let commandID = try await backstop([
            "control", "sign", "--key", keys + "/ops-a.key", "--key-id", "ops-a", "--type", "ACTIVATE",
            "--from", window.from, "--to", window.to, "--reason", "incident INC-5005 kill points", "--out", envelope,
        ], "control sign").trimmingCharacters(in: .whitespacesAndNewlines)
        try await backstop(["control", "approve", "--key", keys + "/ops-b.key", "--key-id", "ops-b", envelope], "control approve")
        return KillPointCommand(keyring: keyring, envelope: envelope, commandID: commandID)
    }

    /// A fresh broker of `kind` with the topics of topics.yaml in the kill-point layout.
    static func broker(_ kind: BrokerKind) async throws -> EstateBroker {
        try await EstateBroker.start(kind, partitions: partitions)
    }

    /// Publishes the seeded estate to `broker`: the same seed, size and as-of give the same records.
    static func publishEstate(to broker: EstateBroker) async throws {
        try await backstop(["simulate", "--bootstrap-servers", broker.servers, "--claimants", String(claimants),
                            "--seed", String(seed), "--as-of", asOf], "simulate")
    }

    /// The static group membership (`--group-instance-id`) of every `backstop run` on `kind`:
    /// the killed process and its restart share it. On noida-db 0.2.3 it is what lets the
    /// restart in at all: a dynamic member killed with kill -9 is not expired during the
    /// rebalance its successor's join starts (Kafka expires it after session.timeout.ms), so the
    /// restart waited minutes for its partitions; a static member with the same id simply
    /// replaces it (`NoidaTierGroupMembershipTests`). The embedded broker accepts the id as well (it expires a dead member after
    /// the session timeout either way), so both brokers run the same command line.
    static func groupInstanceID(_ kind: BrokerKind) -> String { "kill-point-\(kind.rawValue)" }

    /// `backstop run` on `broker` with its state and output in `folder`; with `crashAt`, it
    /// is told to SIGKILL itself there (`BACKSTOP_CRASH_AT`). Returns once the mirror caught up.
    static func startService(on broker: EstateBroker, command: KillPointCommand, folder: String,
                             crashAt: String? = nil) async throws -> LineReadingChild {
        let backstop = try BuiltProduct.path("backstop")
        let arguments = [
            "run", "--bootstrap-servers", broker.servers, "--keyring", command.keyring,
            "--state-dir", folder + "/state", "--out-dir", folder + "/out",
            "--http-host", "127.0.0.1", "--http-port", "0", "--log-level", "warning",
            "--bacs-maximum-items-per-file", String(itemsPerFile),
            "--session-timeout-ms", String(broker.kind.sessionTimeoutMilliseconds),
            "--group-instance-id", groupInstanceID(broker.kind),
        ]
        let environment = crashAt.map { ["\(EnvironmentCrashHook.variable)=\($0)"] } ?? []
        let service = try LineReadingChild("/usr/bin/env", environment + [backstop] + arguments)
        let first = try await service.firstLine(within: .seconds(90))
        #expect(first.hasPrefix("caught-up partitions="), "first line of backstop run: \(first)")
        return service
    }

    static func send(_ command: KillPointCommand, to broker: EstateBroker) async throws {
        let said = try await backstop(["control", "send", "--bootstrap-servers", broker.servers, command.envelope], "control send")
        #expect(said.hasPrefix("sent "), "control send said \(said)")
    }

    /// Every record of `topic` from the beginning, as a consumer with `isolation` sees it. The
    /// embedded broker filters nothing, so there both isolation levels read every record; on
    /// noida-db read_committed hides aborted transactions and stops before an open one.
    static func read(_ topic: String, from broker: EstateBroker, isolation: IsolationLevel = .readCommitted) async throws -> [Substring] {
        let kcat = try requireTool("kcat")
        let read = try await runProcess(kcat, ["-C", "-b", broker.servers, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%s\\n",
                                               "-X", "isolation.level=\(isolation.rawValue)"], timeout: .seconds(60))
        #expect(read.status == 0, "kcat -C \(topic): \(read.stderr)")
        return read.stdout.split(separator: "\n")
    }

    /// The payments on backstop.payments as a consumer with `isolation` sees them, in the order read.
    static func payments(on broker: EstateBroker, isolation: IsolationLevel = .readCommitted,
                         runID: String? = nil) async throws -> [EmittedPayment] {
        try await read("backstop.payments", from: broker, isolation: isolation).map { line -> EmittedPayment in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if let runID { #expect(object["runId"] as? String == runID) }
            return EmittedPayment(
                paymentID: try #require(object["paymentId"] as? String, "a payment record without paymentId: \(line)"),
                batchID: try #require(object["batchId"] as? String, "a payment record without batchId: \(line)"))
        }
    }

    /// The batch ids on backstop.batches as a consumer with `isolation` sees them.
    static func batches(on broker: EstateBroker, isolation: IsolationLevel) async throws -> [String] {
        try await read("backstop.batches", from: broker, isolation: isolation).map { line -> String in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(object["batchId"] as? String, "a batches record without batchId: \(line)")
        }
    }

    /// The run's COMPLETED record on backstop.audit, polled with kcat until `deadline`.
    static func completed(_ command: KillPointCommand, on broker: EstateBroker, within timeout: Duration = .seconds(90)) async throws -> AuditRecord {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let records = try await read("backstop.audit", from: broker).map { try AuditRecord.decode(Data($0.utf8)) }
            if let done = records.first(where: { $0.commandId == command.commandID && $0.decision == .completed }) { return done }
            if let other = records.first(where: { $0.commandId == command.commandID && $0.decision != .accepted && $0.decision != .completed }) {
                throw HarnessFailure("the run ended \(other.decision): \(other.reason)")
            }
            guard ContinuousClock.now < deadline else {
                throw HarnessFailure("no COMPLETED for \(command.commandID) on backstop.audit within \(timeout): \(records.map(\.decision))")
            }
        }
    }

    /// What the finished run left: payments (read_committed), files and COMPLETED record.
    static func finished(_ command: KillPointCommand, on broker: EstateBroker, folder: String) async throws -> FinishedRun {
        let completed = try await completed(command, on: broker)
        let paymentIDs = try await payments(on: broker, runID: command.commandID).map(\.paymentID)
        let runFolder = folder + "/out/runs/\(command.commandID)"
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: runFolder) where !name.hasPrefix(".") {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: runFolder + "/" + name))
        }
        return FinishedRun(paymentIDs: paymentIDs, files: files, completed: completed)
    }
}

struct HarnessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
