import Crypto
import Entitlements
import Foundation
import Testing
@testable import Control

/// Every acceptance rule of DESIGN.md 2.2, each broken on its own, against an injected clock.
@Suite struct CommandPolicyTests {
    let a = Curve25519.Signing.PrivateKey()
    let b = Curve25519.Signing.PrivateKey()
    let c = Curve25519.Signing.PrivateKey()
    let stranger = Curve25519.Signing.PrivateKey()
    let now = ControlCommand.parseTimestamp("2026-12-01T06:00:00Z")!
    let policy = CommandPolicy()

    var keyring: Keyring {
        try! Keyring(quorum: 2, keys: ["ops-a": a.publicKey, "ops-b": b.publicKey, "ops-c": c.publicKey])
    }

    func command(
        type: ControlCommand.Kind = .activate, id: String = "cmd-1",
        issued: TimeInterval = 0, lifetime: TimeInterval = 6 * 3600,
        from: String = "2026-12-02", to: String = "2026-12-08", runId: String? = nil
    ) -> ControlCommand {
        try! ControlCommand(
            type: type, commandId: id, issuedAt: now.addingTimeInterval(issued),
            expiresAt: now.addingTimeInterval(issued + lifetime),
            paymentDates: type == .halt ? nil : try! PaymentWindow(from: try! CalendarDate(from), to: try! CalendarDate(to)),
            benefits: [.statePension, .universalCredit], runId: runId, reason: "estate unavailable, incident INC-4711")
    }

    func envelope(_ command: ControlCommand, _ signers: [(String, Curve25519.Signing.PrivateKey)]) -> Data {
        var envelope = ControlEnvelope(command: command.encoded(), approvals: [])
        for (id, key) in signers { envelope = try! envelope.approved(by: id, with: key) }
        return envelope.encoded()
    }

    func decide(_ value: Data, seen: Set<String> = []) -> CommandDecision {
        policy.decide(value, keyring: keyring, now: now, alreadySeen: { seen.contains($0) })
    }

    func reason(_ decision: CommandDecision) -> RejectionReason? {
        if case .rejected(let reason, _, _, _) = decision { return reason }
        return nil
    }

    @Test func twoDistinctValidApprovalsAreAccepted() {
        let cmd = command()
        let decision = decide(envelope(cmd, [("ops-a", a), ("ops-b", b)]))
        #expect(decision == .accepted(cmd, approvers: ["ops-a", "ops-b"]))
    }

    @Test func theCommandSurvivesEncodingExactly() throws {
        let cmd = command()
        #expect(try ControlCommand.decode(cmd.encoded()) == cmd)
        let env = try ControlEnvelope.decode(envelope(cmd, [("ops-a", a)]))
        #expect(env.command == cmd.encoded())
    }

    @Test func aBadSignatureIsRejected() throws {
        let cmd = command()
        let good = try ControlEnvelope.decode(envelope(cmd, [("ops-a", a)]))
        // ops-b's name on a signature made by another key.
        let forged = ControlEnvelope(command: good.command, approvals: good.approvals + [
            .init(keyId: "ops-b", signature: try stranger.signature(for: good.command)),
        ])
        #expect(reason(decide(forged.encoded())) == .badSignature)
    }

    @Test func aSignatureOverOtherBytesIsRejected() throws {
        let signed = try ControlEnvelope.decode(envelope(command(), [("ops-a", a), ("ops-b", b)]))
        // The same approvals on a command whose window was widened after signing.
        let tampered = ControlEnvelope(command: command(to: "2026-12-20").encoded(), approvals: signed.approvals)
        #expect(reason(decide(tampered.encoded())) == .badSignature)
    }

    @Test func anUnknownKeyIsRejected() {
        #expect(reason(decide(envelope(command(), [("ops-a", a), ("ops-x", stranger)]))) == .unknownKey)
    }

    @Test func oneApprovalWhereTwoAreNeededIsRejected() {
        #expect(reason(decide(envelope(command(), [("ops-a", a)]))) == .quorumNotMet)
        #expect(reason(decide(envelope(command(), []))) == .quorumNotMet)
    }

    @Test func theSameKeyTwiceIsRejected() throws {
        let cmd = command()
        let once = try ControlEnvelope.decode(envelope(cmd, [("ops-a", a)]))
        let twice = ControlEnvelope(command: once.command, approvals: once.approvals + once.approvals)
        #expect(reason(decide(twice.encoded())) == .duplicateApproval)
        // Building one refuses too.
        #expect(throws: ControlError.self) { try once.approved(by: "ops-a", with: a) }
    }

    @Test func anExpiredCommandIsRejected() {
        let cmd = command(issued: -7 * 3600, lifetime: 7 * 3600)  // expires exactly now
        #expect(reason(decide(envelope(cmd, [("ops-a", a), ("ops-b", b)]))) == .expired)
        let live = command(issued: -7 * 3600, lifetime: 7 * 3600 + 1)
        #expect(decide(envelope(live, [("ops-a", a), ("ops-b", b)])).isAccepted)
    }

    @Test func aCommandFromTheFutureIsRejectedBeyondFiveMinutes() {
        let skewed = command(issued: 5 * 60)
        #expect(decide(envelope(skewed, [("ops-a", a), ("ops-b", b)])).isAccepted)
        let future = command(issued: 5 * 60 + 1)
        #expect(reason(decide(envelope(future, [("ops-a", a), ("ops-b", b)]))) == .issuedInFuture)
    }

    @Test func aLifetimeOverADayIsRejected() {
        let day = command(issued: -60, lifetime: 24 * 3600)
        #expect(decide(envelope(day, [("ops-a", a), ("ops-b", b)])).isAccepted)
        let long = command(issued: -60, lifetime: 24 * 3600 + 1)
        #expect(reason(decide(envelope(long, [("ops-a", a), ("ops-b", b)]))) == .lifetimeTooLong)
    }

    @Test func aReplayedCommandIdIsRejected() {
        let value = envelope(command(id: "cmd-7"), [("ops-a", a), ("ops-b", b)])
        #expect(decide(value, seen: ["cmd-6"]).isAccepted)
        #expect(reason(decide(value, seen: ["cmd-7"])) == .replayed)
    }

    @Test func windowsOfThirtyOneDaysPassAndLongerOnesAreRejected() {
        let longest = command(from: "2026-12-01", to: "2026-12-31")
        #expect(decide(envelope(longest, [("ops-a", a), ("ops-b", b)])).isAccepted)
        let tooLong = command(from: "2026-12-01", to: "2027-01-01")
        #expect(reason(decide(envelope(tooLong, [("ops-a", a), ("ops-b", b)]))) == .windowTooLong)
        let backwards = "{\"type\": \"ACTIVATE\", \"commandId\": \"cmd-9\", \"issuedAt\": \"2026-12-01T06:00:00Z\", \"expiresAt\": \"2026-12-01T07:00:00Z\", \"paymentDates\": {\"from\": \"2026-12-08\", \"to\": \"2026-12-02\"}, \"reason\": \"r\"}"
        let signed = try! ControlEnvelope(command: Data(backwards.utf8), approvals: [])
            .approved(by: "ops-a", with: a).approved(by: "ops-b", with: b)
        #expect(reason(decide(signed.encoded())) == .invalidWindow)
    }

    @Test(arguments: [
        "not json",
        "{}",
        "{\"command\": \"%%%\", \"approvals\": []}",
        "{\"command\": \"e30=\"}",
        "{\"command\": \"e30=\", \"approvals\": [{\"keyId\": \"ops-a\", \"signature\": \"!!\"}]}",
    ])
    func aMalformedEnvelopeIsRejected(value: String) {
        #expect(reason(decide(Data(value.utf8))) == .malformedEnvelope)
    }

    @Test(arguments: [
        "{}",
        "{\"type\": \"PAY_EVERYONE\", \"commandId\": \"x\", \"issuedAt\": \"2026-12-01T06:00:00Z\", \"expiresAt\": \"2026-12-01T07:00:00Z\", \"reason\": \"r\"}",
        "{\"type\": \"ACTIVATE\", \"commandId\": \"x\", \"issuedAt\": \"yesterday\", \"expiresAt\": \"2026-12-01T07:00:00Z\", \"paymentDates\": {\"from\": \"2026-12-02\", \"to\": \"2026-12-03\"}, \"reason\": \"r\"}",
        "{\"type\": \"ACTIVATE\", \"commandId\": \"x\", \"issuedAt\": \"2026-12-01T06:00:00Z\", \"expiresAt\": \"2026-12-01T07:00:00Z\", \"reason\": \"no window\"}",
        "{\"type\": \"ACTIVATE\", \"commandId\": \"../../etc\", \"issuedAt\": \"2026-12-01T06:00:00Z\", \"expiresAt\": \"2026-12-01T07:00:00Z\", \"paymentDates\": {\"from\": \"2026-12-02\", \"to\": \"2026-12-03\"}, \"reason\": \"r\"}",
        "{\"type\": \"ACTIVATE\", \"commandId\": \"x\", \"issuedAt\": \"2026-12-01T06:00:00Z\", \"expiresAt\": \"2026-12-01T07:00:00Z\", \"paymentDates\": {\"from\": \"2026-02-30\", \"to\": \"2026-12-03\"}, \"reason\": \"r\"}",
        "{\"type\": \"ACTIVATE\", \"commandId\": \"x\", \"issuedAt\": \"2026-12-01T06:00:00Z\", \"expiresAt\": \"2026-12-01T07:00:00Z\", \"paymentDates\": {\"from\": \"2026-12-02\", \"to\": \"2026-12-03\"}, \"benefits\": [\"XX\"], \"reason\": \"r\"}",
        "{\"type\": \"HALT\", \"commandId\": \"x\", \"issuedAt\": \"2026-12-01T06:00:00Z\", \"expiresAt\": \"2026-12-01T07:00:00Z\", \"reason\": \"no run named\"}",
    ])
    func aMalformedCommandIsRejected(json: String) throws {
        let signed = try ControlEnvelope(command: Data(json.utf8), approvals: [])
            .approved(by: "ops-a", with: a).approved(by: "ops-b", with: b)
        #expect(reason(decide(signed.encoded())) == .malformedCommand)
    }

    @Test func unknownFieldsAreIgnored() throws {
        let json = "{\"type\": \"HALT\", \"commandId\": \"h-1\", \"issuedAt\": \"2026-12-01T06:00:00Z\", \"expiresAt\": \"2026-12-01T07:00:00Z\", \"runId\": \"cmd-1\", \"reason\": \"stop\", \"ticket\": 42}"
        let signed = try ControlEnvelope(command: Data(json.utf8), approvals: [])
            .approved(by: "ops-a", with: a).approved(by: "ops-c", with: c)
        let decision = decide(signed.encoded())
        #expect(decision.isAccepted)
        #expect(decision.command?.runId == "cmd-1")
    }
}

extension CommandDecision {
    var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}
