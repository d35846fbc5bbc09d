import Control
import Entitlements
import Foundation
import Pipeline
import Testing
import TestSupport

/// The service through the real binary, as operators run it: a broker (each test broker in
/// turn, `EstateBroker`: the embedded one, as `backstop dev-broker` serves it, and noida-db), an
/// estate written with kcat from a committed fixture, `backstop run`, operators' keys, commands
/// signed, approved and sent with `backstop control …`, and the results read back with kcat,
/// `backstop verify` and the HTTP endpoints. The same assertions hold on both brokers.
@Suite("Service end to end: backstop run on each test broker, kcat and the control commands", .serialized)
struct ServiceEndToEndTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/service-estate")

    /// Runs `backstop` to completion and requires success; returns its stdout.
    @discardableResult
    func backstop(_ arguments: [String], _ comment: String) async throws -> String {
        let result = try await runProcess(try BuiltProduct.path("backstop"), arguments)
        #expect(result.status == 0, "\(comment): \(result.stderr)")
        return result.stdout
    }

    @Test("an ACTIVATE pays exactly the fixture's due payments; every bad command is rejected, audited, and emits nothing",
          arguments: BrokerKind.allCases)
    func activateAndRejections(_ kind: BrokerKind) async throws {
        let kcat = try requireTool("kcat")
        let executable = try BuiltProduct.path("backstop")
        let directory = try TemporaryDirectory()

        let broker = try await EstateBroker.start(kind, partitions: 2)
        do {
            try await activateAndRejections(on: broker, kcat: kcat, executable: executable, directory: directory)
        } catch {
            await broker.stop()
            throw error
        }
        await broker.stop()
    }

    func activateAndRejections(on broker: EstateBroker, kcat: String, executable: String, directory: TemporaryDirectory) async throws {
        let servers = broker.servers

        // The estate, written by an independent client with Kafka's partitioner.
        for topic in ["estate.claimants", "estate.awards", "estate.payments"] {
            let lines = try String(contentsOf: Self.fixtures.appendingPathComponent("\(topic).txt"), encoding: .utf8)
            let produced = try await runProcess(kcat, ["-P", "-b", servers, "-t", topic, "-K", "\t", "-X", "topic.partitioner=murmur2_random"], stdin: lines)
            #expect(produced.status == 0, "kcat -P \(topic): \(produced.stderr)")
        }

        // Keys: ops-a and ops-b in the keyring (quorum 2); ops-x not.
        let keys = directory.child("keys")
        var entries: [String] = []
        for id in ["ops-a", "ops-b", "ops-x"] {
            let entry = try await backstop(["keys", "generate", "--id", id, "--out", keys], "keys generate \(id)")
            if id != "ops-x" { entries.append(entry.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let keyring = directory.child("keyring.json")
        try Data("{\"quorum\": 2, \"keys\": [\(entries.joined(separator: ", "))]}".utf8).write(to: URL(fileURLWithPath: keyring))
        func key(_ id: String) -> String { keys + "/\(id).key" }

        let out = directory.child("out")
        let service = try LineReadingChild(executable, [
            "run", "--bootstrap-servers", servers, "--keyring", keyring, "--state-dir", directory.child("state"),
            "--out-dir", out, "--http-host", "127.0.0.1", "--http-port", "0", "--http-port-file", directory.child("http"),
            "--log-level", "warning",
        ])
        defer { service.kill() }
        // The first line says the mirror caught up; the port file is written before it.
        #expect(try await service.firstLine(within: .seconds(60)) == "caught-up partitions=0,1")
        let httpLine = try String(contentsOfFile: directory.child("http"), encoding: .utf8)
        let port = try #require(httpLine.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").last.flatMap { Int($0) }, "port file: \(httpLine)")

        /// Signs a command with `signer`, has `approver` approve it, and returns the envelope file.
        func envelope(_ name: String, signer: String, approver: String?, from: String = "2026-12-02", to: String = "2026-12-08") async throws -> (path: String, commandId: String) {
            let path = directory.child("\(name).json")
            let id = try await backstop(["control", "sign", "--key", key(signer), "--key-id", signer, "--type", "ACTIVATE",
                                         "--from", from, "--to", to, "--reason", "incident INC-4711 \(name)", "--out", path], "sign \(name)")
            if let approver { try await backstop(["control", "approve", "--key", key(approver), "--key-id", approver, path], "approve \(name)") }
            return (path, id.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        func send(_ path: String) async throws {
            let said = try await backstop(["control", "send", "--bootstrap-servers", servers, path], "send \(path)")
            #expect(said.hasPrefix("sent ") && said.contains(" to backstop.control[0]@"), "\(said)")
        }
        func audit(count: Int) async throws -> [AuditRecord] {
            let read = try await runProcess(kcat, ["-C", "-b", servers, "-t", "backstop.audit", "-o", "beginning", "-c", String(count), "-q", "-f", "%s\\n"], timeout: .seconds(180))
            #expect(read.status == 0, "kcat -C backstop.audit: \(read.stderr)")
            return try read.stdout.split(separator: "\n").map { try AuditRecord.decode(Data($0.utf8)) }
        }

        // 1. A signed and counter-signed ACTIVATE.
        let good = try await envelope("good", signer: "ops-a", approver: "ops-b")
        try await send(good.path)
        let first = try await audit(count: 2)
        #expect(first.map(\.decision) == [.accepted, .completed])
        #expect(first.allSatisfy { $0.commandId == good.commandId && $0.approvers == ["ops-a", "ops-b"] })
        let figures = try #require(first.last?.figures)
        #expect(figures.due.count == 4 && figures.paid.count == 2 && figures.paid.pence.value == 103_000)
        #expect(figures.excluded[.paidByEstate]?.count == 1 && figures.excluded[.deceased]?.count == 1)

        // 2. Bad commands, each of which would pay if it were accepted.
        let badSignature = try await envelope("bad-signature", signer: "ops-a", approver: "ops-b")
        let tampered = try ControlEnvelope.decode(Data(contentsOf: URL(fileURLWithPath: badSignature.path)))
        var forged = tampered.approvals[1].signature
        forged[0] ^= 0x01
        try ControlEnvelope(command: tampered.command, approvals: [tampered.approvals[0], .init(keyId: "ops-b", signature: forged)])
            .encoded().write(to: URL(fileURLWithPath: badSignature.path))
        let unknownKey = try await envelope("unknown-key", signer: "ops-x", approver: "ops-a")
        let oneApproval = try await envelope("one-approval", signer: "ops-a", approver: nil)
        let twice = try await envelope("same-key-twice", signer: "ops-a", approver: nil)
        let once = try ControlEnvelope.decode(Data(contentsOf: URL(fileURLWithPath: twice.path)))
        try ControlEnvelope(command: once.command, approvals: once.approvals + once.approvals).encoded().write(to: URL(fileURLWithPath: twice.path))
        let longWindow = try await envelope("window-32-days", signer: "ops-a", approver: "ops-b", from: "2026-12-02", to: "2027-01-02")
        // Expired: issued three hours ago, expired an hour ago, properly signed by both.
        let issued = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 3 * 3600).rounded(.down))
        let expiredCommand = try ControlCommand(
            type: .activate, commandId: "expired-\(UUID().uuidString.lowercased())", issuedAt: issued, expiresAt: issued.addingTimeInterval(7200),
            paymentDates: PaymentWindow(from: CalendarDate("2026-12-02"), to: CalendarDate("2026-12-08")), benefits: nil, runId: nil, reason: "expired")
        let expired = directory.child("expired.json")
        try ControlEnvelope(command: expiredCommand.encoded(), approvals: [])
            .approved(by: "ops-a", with: OperatorKeyFiles.loadPrivateKey(at: key("ops-a")))
            .approved(by: "ops-b", with: OperatorKeyFiles.loadPrivateKey(at: key("ops-b")))
            .encoded().write(to: URL(fileURLWithPath: expired))
        for path in [badSignature.path, unknownKey.path, oneApproval.path, twice.path, expired, good.path, longWindow.path] {
            try await send(path)
        }
        // A malformed envelope cannot be sent with `backstop control send`; kcat sends it.
        let malformed = try await runProcess(kcat, ["-P", "-b", servers, "-t", "backstop.control", "-K", "\t"], stdin: "malformed\t{\"command\": \"not base64!\", \"approvals\": 3}\n")
        #expect(malformed.status == 0, "kcat -P backstop.control: \(malformed.stderr)")

        let all = try await audit(count: 10)
        let rejected = all.filter { $0.decision == .rejected }
        #expect(all.filter { $0.decision != .rejected }.count == 2)
        #expect(rejected.map { $0.reason.split(separator: ":").first.map(String.init) ?? "" }.sorted() == [
            "BAD_SIGNATURE", "DUPLICATE_APPROVAL", "EXPIRED", "MALFORMED_ENVELOPE", "QUORUM_NOT_MET", "REPLAYED", "UNKNOWN_KEY", "WINDOW_TOO_LONG",
        ])
        #expect(rejected.first { $0.reason.hasPrefix("REPLAYED") }?.commandId == good.commandId)

        // 3. The payments on backstop.payments: exactly the expected ones, nothing from a rejected command.
        let read = try await runProcess(kcat, ["-C", "-b", servers, "-t", "backstop.payments", "-o", "beginning", "-e", "-q", "-f", "%s\\n", "-X", "isolation.level=read_committed"])
        #expect(read.status == 0, "kcat -C backstop.payments: \(read.stderr)")
        // Each is paid on its scheduled payment date or, when the run can no longer reach it, late
        // on the run's earliest payment date (DOMAIN.md 3), carrying the date it was scheduled for.
        let goodCommand = try ControlCommand.decode(ControlEnvelope.decode(Data(contentsOf: URL(fileURLWithPath: good.path))).command)
        let creationDate = CalendarDate(daysSinceEpoch: Int((goodCommand.issuedAt.timeIntervalSince1970 / 86_400).rounded(.down)))
        let earliest = PaymentCalendar().earliestPaymentDate(creationDate: creationDate)
        let payments = try read.stdout.split(separator: "\n").map { line -> String in
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(o["runId"] as? String == good.commandId)
            let scheduled = (o["scheduledPaymentDate"] as? String) ?? (o["paymentDate"] as? String ?? "missing")
            #expect(o["paymentDate"] as? String == max(try CalendarDate(scheduled), earliest).description, "\(line)")
            #expect((o["scheduledPaymentDate"] != nil) == (try CalendarDate(scheduled) < earliest), "\(line)")
            return ["paymentId", "awardId", "dueDate"].map { "\(o[$0] ?? "missing")" }.joined(separator: " ")
                + " \(scheduled) \(o["amountPence"] ?? "missing")"
        }
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("expected-payments.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        #expect(payments.sorted() == expected.sorted())
        let scheduledDates = try expected.map { try CalendarDate(String($0.split(separator: " ")[3])) }
        #expect(figures.late.count == scheduledDates.filter { $0 < earliest }.count)

        // 4. The files pass `backstop verify`.
        let manifest = out + "/runs/\(good.commandId)/manifest.json"
        let verified = try await runProcess(executable, ["verify", "--manifest", manifest])
        #expect(verified.status == 0, "verify: \(verified.stdout) \(verified.stderr)")

        // 5. HTTP: ready (the run waited for catch-up), metrics count the decisions, status shows the run.
        let ready = try await httpGet(port, "/health/ready")
        #expect(ready.status == 200, "\(ready.body)")
        let metrics = try await httpGet(port, "/metrics").body
        #expect(metrics.contains(#"backstop_control_decisions_total{decision="ACCEPTED",reason="ACTIVATE"} 1"#))
        #expect(metrics.contains(#"backstop_control_decisions_total{decision="REJECTED",reason="REPLAYED"} 1"#))
        #expect(metrics.contains("backstop_payments_emitted_total 2"))
        let status = try await httpGet(port, "/status").body
        #expect(status.contains(good.commandId) && status.contains("completed"))
        let statusJSON = try #require(try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any])
        let partitions = try #require(statusJSON["partitions"] as? [[String: Any]])
        #expect(partitions.count == 2)
        for partition in partitions {
            // Caught up: every estate topic of the partition measured, nothing behind.
            #expect(partition["state"] as? String == "caughtUp")
            #expect((partition["lag"] as? [String: Int])?.count == 3 && (partition["lag"] as? [String: Int])?.values.allSatisfy { $0 == 0 } == true, "\(partition)")
        }

        // 6. SIGTERM: a graceful shutdown, exit status 0.
        #expect(try await service.terminate(within: .seconds(60)) == .exited(0))
    }

    @Test("configuration errors exit with status 2 and name the setting as given")
    func configurationErrors() async throws {
        let executable = try BuiltProduct.path("backstop")
        let directory = try TemporaryDirectory()
        let keyring = try writeKeyring(in: directory)
        let badPort = try await runProcess(executable, ["run", "--bootstrap-servers", "localhost:9092", "--keyring", keyring, "--http-port", "99999"])
        #expect(badPort.status == 2)
        #expect(badPort.stderr.contains("--http-port: '99999'"))
        let badLevel = try await runProcess("/usr/bin/env", ["BACKSTOP_LOG_LEVEL=loud", executable, "run", "--bootstrap-servers", "localhost:9092", "--keyring", keyring])
        #expect(badLevel.status == 2)
        #expect(badLevel.stderr.contains("BACKSTOP_LOG_LEVEL: 'loud'"))
        let missing = try await runProcess(executable, ["run", "--keyring", keyring])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--bootstrap-servers"))
        let config = directory.child("backstop.yaml")
        try Data("bootstrapServers: localhost:9092\nkeyring: \(keyring)\nbacs:\n  sun: \"12\"\n".utf8).write(to: URL(fileURLWithPath: config))
        let badFile = try await runProcess(executable, ["run", "--config", config])
        #expect(badFile.status == 2)
        #expect(badFile.stderr.contains("\(config): bacs.sun"))
    }
}
