import Control
import Foundation
import Pipeline
import Testing
import TestSupport

/// The broker a kill-point case runs on: `backstop dev-broker` (librdkafka's mock cluster,
/// which neither filters aborted transactions nor fences) or noida-db (which does both).
enum KillPointBrokerKind: String, Sendable, CustomStringConvertible {
    case embedded
    case noida

    var description: String { rawValue }

    /// The group session timeout `backstop run` is given: a killed member stays in the group
    /// until it times out, so keep it short; noida-db, like Kafka, refuses less than 6 s.
    var sessionTimeoutMilliseconds: Int {
        switch self {
        case .embedded: 3_000
        case .noida: 6_000
        }
    }
}

/// A fresh broker of its own for one service's life, with the topics of topics.yaml.
final class KillPointBroker: Sendable {
    let kind: KillPointBrokerKind
    let servers: String
    private let devBroker: LineReadingChild?
    private let noida: NoidaBroker?

    private init(kind: KillPointBrokerKind, servers: String, devBroker: LineReadingChild?, noida: NoidaBroker?) {
        self.kind = kind
        self.servers = servers
        self.devBroker = devBroker
        self.noida = noida
    }

    static func start(_ kind: KillPointBrokerKind) async throws -> KillPointBroker {
        switch kind {
        case .embedded:
            let child = try LineReadingChild(try BuiltProduct.path("backstop"), ["dev-broker", "--brokers", "1", "--partitions", "2", "--topics", KillPointHarness.topicsFile])
            let line = try await child.firstLine(within: .seconds(60))
            let servers = try #require(line.split(separator: "=").last.map(String.init), "dev-broker said \(line)")
            return KillPointBroker(kind: kind, servers: servers, devBroker: child, noida: nil)
        case .noida:
            let noida = try await NoidaBroker.start(topicsFile: KillPointHarness.topicsFile)
            return KillPointBroker(kind: kind, servers: noida.bootstrapServers, devBroker: nil, noida: noida)
        }
    }

    func stop() async {
        if let devBroker { _ = try? await devBroker.terminate(within: .seconds(30)) }
        if let noida { await noida.stop() }
    }
}

/// What a finished run left behind: the payments on backstop.payments in the order read, the
/// run folder's files, and its COMPLETED audit record.
struct FinishedRun: Sendable {
    /// Every paymentId read from backstop.payments, duplicates included.
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

/// The shared steps of the kill-point tests, through the real binary and kcat.
enum KillPointHarness {
    static let topicsFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("topics/topics.yaml").path

    /// A small simulated estate: its as-of date and the ACTIVATE's window, which holds several
    /// payment dates (so several batches per partition even before the item limit cuts them).
    static let claimants = 150
    static let seed: UInt64 = 20_261_201
    static let asOf = "2026-12-01"
    static let window = (from: "2026-12-02", to: "2026-12-15")
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

    /// Publishes the seeded estate to `broker`: the same seed, size and as-of give the same records.
    static func publishEstate(to broker: KillPointBroker) async throws {
        try await backstop(["simulate", "--bootstrap-servers", broker.servers, "--claimants", String(claimants),
                            "--seed", String(seed), "--as-of", asOf], "simulate")
    }

    /// `backstop run` on `broker` with its state and output in `folder`; with `crashAt`, it
    /// is told to SIGKILL itself there (`BACKSTOP_CRASH_AT`). Returns once the mirror caught up.
    static func startService(on broker: KillPointBroker, command: KillPointCommand, folder: String,
                             crashAt: String? = nil) async throws -> LineReadingChild {
        let backstop = try BuiltProduct.path("backstop")
        let arguments = [
            "run", "--bootstrap-servers", broker.servers, "--keyring", command.keyring,
            "--state-dir", folder + "/state", "--out-dir", folder + "/out",
            "--http-host", "127.0.0.1", "--http-port", "0", "--log-level", "warning",
            "--bacs-maximum-items-per-file", String(itemsPerFile),
            "--session-timeout-ms", String(broker.kind.sessionTimeoutMilliseconds),
        ]
        let environment = crashAt.map { ["\(EnvironmentCrashHook.variable)=\($0)"] } ?? []
        let service = try LineReadingChild("/usr/bin/env", environment + [backstop] + arguments)
        let first = try await service.firstLine(within: .seconds(90))
        #expect(first.hasPrefix("caught-up partitions="), "first line of backstop run: \(first)")
        return service
    }

    static func send(_ command: KillPointCommand, to broker: KillPointBroker) async throws {
        let said = try await backstop(["control", "send", "--bootstrap-servers", broker.servers, command.envelope], "control send")
        #expect(said.hasPrefix("sent "), "control send said \(said)")
    }

    /// Every record of `topic` from the beginning, as a read_committed consumer sees it (on the
    /// embedded broker that is every record: it filters nothing).
    static func read(_ topic: String, from broker: KillPointBroker) async throws -> [Substring] {
        let kcat = try requireTool("kcat")
        let read = try await runProcess(kcat, ["-C", "-b", broker.servers, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%s\\n",
                                               "-X", "isolation.level=read_committed"], timeout: .seconds(60))
        #expect(read.status == 0, "kcat -C \(topic): \(read.stderr)")
        return read.stdout.split(separator: "\n")
    }

    /// The run's COMPLETED record on backstop.audit, polled with kcat until `deadline`.
    static func completed(_ command: KillPointCommand, on broker: KillPointBroker, within timeout: Duration = .seconds(90)) async throws -> AuditRecord {
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

    /// What the finished run left: payments, files and COMPLETED record.
    static func finished(_ command: KillPointCommand, on broker: KillPointBroker, folder: String) async throws -> FinishedRun {
        let completed = try await completed(command, on: broker)
        let paymentIDs = try await read("backstop.payments", from: broker).map { line -> String in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["runId"] as? String == command.commandID)
            return try #require(object["paymentId"] as? String, "a payment record without paymentId: \(line)")
        }
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
