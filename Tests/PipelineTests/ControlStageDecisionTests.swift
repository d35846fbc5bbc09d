import Control
import Foundation
import Pipeline
import Store
import Testing
import TestSupport

@Suite("Control stage: the decision step, without I/O")
struct ControlStageDecisionTests {
    let keys = ControlKeys()
    var step: ControlDecisionStep { ControlDecisionStep(keyring: keys.keyring) }

    func decide(_ value: [UInt8]?, offset: Int64 = 7, accepted: Set<String> = []) -> ControlDecisionStep.Outcome {
        step.decide(offset: offset, value: value, now: ControlKeys.now) { accepted.contains($0) }
    }

    @Test("an accepted command: stored as ACCEPTED, audited, then handed off with its approvers")
    func accepted() throws {
        let command = ControlKeys.command()
        let outcome = decide(keys.envelope(command, approvedBy: ["ops-a", "ops-b"]))
        #expect(outcome.audit.decision == .accepted)
        #expect(outcome.audit.approvers == ["ops-a", "ops-b"])
        #expect(outcome.commandRecord?.commandID == command.commandId)
        #expect(outcome.commandRecord?.decision == "ACCEPTED")
        #expect(outcome.commandRecord?.decidedAtMilliseconds == Int64(ControlKeys.now.timeIntervalSince1970 * 1000))
        #expect(outcome.followUps.map(\.kind) == [.audit, .handOff])
        #expect(outcome.followUps.allSatisfy { $0.controlOffset == 7 && $0.key == command.commandId })
        #expect(try AuditRecord.decode(Data(outcome.followUps[0].payload.utf8)) == outcome.audit)
        let handedOff = try ControlDecisionStep.acceptedCommand(outcome.followUps[1])
        #expect(handedOff == AcceptedCommand(command: command, approvers: ["ops-a", "ops-b"], controlOffset: 7))
    }

    @Test("each rejection is audited with its reason and nothing is handed off")
    func rejections() throws {
        let now = ControlKeys.now
        let good = ControlKeys.command()
        var tampered = keys.envelope(good, approvedBy: ["ops-a", "ops-b"])
        // Corrupt one base64 character of the last signature: still base64, no longer valid.
        let quote = tampered.lastIndex(of: UInt8(ascii: "\""))!
        let target = tampered.index(quote, offsetBy: -5)
        tampered[target] = tampered[target] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let cases: [(String, [UInt8]?, RejectionReason)] = [
            ("bad signature", tampered, .badSignature),
            ("unknown key", keys.envelope(good, approvedBy: ["ops-a", "ops-x"]), .unknownKey),
            ("one approval of two", keys.envelope(good, approvedBy: ["ops-a"]), .quorumNotMet),
            ("the same key twice", keys.envelope(good, approvedBy: ["ops-a", "ops-a"]), .duplicateApproval),
            ("expired", keys.envelope(ControlKeys.command(issuedAt: now.addingTimeInterval(-7200), lifetime: 3600), approvedBy: ["ops-a", "ops-b"]), .expired),
            ("replayed", keys.envelope(good, approvedBy: ["ops-a", "ops-b"]), .replayed),
            ("window of 32 days", keys.envelope(ControlKeys.command(from: "2026-12-02", to: "2027-01-02"), approvedBy: ["ops-a", "ops-b"]), .windowTooLong),
            ("malformed envelope", Array("{\"command\": 42}".utf8), .malformedEnvelope),
            ("no value", nil, .malformedEnvelope),
            ("too large", Array(repeating: UInt8(ascii: " "), count: ControlDecisionStep.maximumRecordBytes + 1), .malformedEnvelope),
        ]
        for (name, value, reason) in cases {
            let outcome = decide(value, accepted: name == "replayed" ? [good.commandId] : [])
            guard case .rejected(let got, _, _, _) = outcome.decision else {
                Issue.record("\(name): accepted"); continue
            }
            #expect(got == reason, "\(name)")
            #expect(outcome.audit.decision == .rejected, "\(name)")
            #expect(outcome.audit.reason.hasPrefix(reason.rawValue + ": "), "\(name)")
            #expect(outcome.followUps.map(\.kind) == [.audit], "\(name)")
        }
    }

    @Test("a replay does not overwrite the acceptance it replays; other rejections are remembered")
    func replayKeepsAcceptance() {
        let command = ControlKeys.command()
        let replay = decide(keys.envelope(command, approvedBy: ["ops-a", "ops-b"]), accepted: [command.commandId])
        #expect(replay.commandRecord == nil)
        let short = decide(keys.envelope(command, approvedBy: ["ops-a"]))
        #expect(short.commandRecord?.decision == "REJECTED")
    }

    @Test("an unreadable envelope is audited without a commandId and remembered by nothing")
    func unreadableHasNoCommandID() {
        let outcome = step.decide(offset: 3, value: Array("nope".utf8), now: ControlKeys.now) { _ in false }
        #expect(outcome.audit.commandId == nil)
        #expect(outcome.commandRecord == nil)
        #expect(outcome.followUps.map(\.kind) == [.audit])
    }
}

@Suite("Control stage: the store's outbox of decisions")
struct ControlStageOutboxTests {
    @Test("decision, follow-ups and next offset in one write; pending until completed; kept across reopening")
    func outbox() throws {
        let directory = try TemporaryDirectory()
        let path = directory.child("store")
        let input = InputPartition(topic: "backstop.control", partition: 0)
        let audit = ControlFollowUp(controlOffset: 4, kind: .audit, key: "c1", payload: "{\"a\": 1}")
        let handOff = ControlFollowUp(controlOffset: 4, kind: .handOff, key: "c1", payload: "{\"e\": 2}")
        do {
            let store = try EntitlementStore.open(at: path)
            try store.recordControlDecision(
                CommandRecord(commandID: "c1", decision: "ACCEPTED", reason: "r", decidedAtMilliseconds: 5),
                followUps: [handOff, audit], input: input, controlOffset: 4)
            #expect(try store.command("c1")?.decision == "ACCEPTED")
            #expect(try store.nextOffsets()[input] == 5)
            #expect(try store.pendingControlFollowUps() == [audit, handOff])
            #expect(try store.counts().commands == 1)
            try store.completeControlFollowUp(audit)
        }
        let reopened = try EntitlementStore.open(at: path)
        #expect(try reopened.pendingControlFollowUps() == [handOff])
        let regression = #expect(throws: StoreError.self) {
            try reopened.recordControlDecision(nil, followUps: [], input: input, controlOffset: 3)
        }
        #expect(regression?.code == .offsetRegression)
        try reopened.completeControlFollowUp(handOff)
        #expect(try reopened.pendingControlFollowUps().isEmpty)
    }
}

