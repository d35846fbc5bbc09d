import Control
import Foundation
import Store

/// The control stage's pure step (STYLE.md 16): one control record in, what to store and what
/// to do out. No I/O: the keyring, the clock's reading and "already accepted" are given.
public struct ControlDecisionStep: Sendable {
    /// A record larger than this is refused unread (STYLE.md 11): a real envelope is a few
    /// hundred bytes, and the outbox keeps it for the hand-off.
    public static let maximumRecordBytes = ControlFollowUp.maximumPayloadBytes

    /// What one record leads to. `commandRecord`, `followUps` and the next control offset are
    /// stored together, before anything else happens.
    public struct Outcome: Sendable {
        public let decision: CommandDecision
        public let audit: AuditRecord
        /// nil when no commandId could be read (nothing to remember it by).
        public let commandRecord: CommandRecord?
        /// The audit delivery, then for an accepted command its hand-off.
        public let followUps: [ControlFollowUp]
    }

    public var policy: CommandPolicy
    public let keyring: Keyring

    public init(policy: CommandPolicy = CommandPolicy(), keyring: Keyring) {
        self.policy = policy
        self.keyring = keyring
    }

    /// Decides on the record at `offset`. `alreadyAccepted` says whether a commandId was
    /// accepted before: a command rejected earlier (say, one approval short) may be sent again
    /// complete under the same id, but an accepted one is never accepted twice.
    public func decide(
        offset: Int64, value: [UInt8]?, now: Date, alreadyAccepted: (String) -> Bool
    ) -> Outcome {
        let decision: CommandDecision
        if let value, value.count <= Self.maximumRecordBytes {
            decision = policy.decide(Data(value), keyring: keyring, now: now, alreadySeen: alreadyAccepted)
        } else {
            let detail = value == nil ? "the record has no value" : "the record is \(value!.count) bytes, more than \(Self.maximumRecordBytes)"
            decision = .rejected(.malformedEnvelope, detail: detail, command: nil, approvers: [])
        }
        let audit = AuditRecord(decision, at: now)
        // An unreadable command is audited without a key (there is no commandId to key it by).
        let auditKey = decision.command?.commandId ?? ""
        var followUps = [ControlFollowUp(controlOffset: offset, kind: .audit, key: auditKey,
                                         payload: String(decoding: audit.encoded(), as: UTF8.self))]
        if case .accepted = decision, let value {
            followUps.append(ControlFollowUp(controlOffset: offset, kind: .handOff, key: auditKey,
                                             payload: String(decoding: value, as: UTF8.self)))
        }
        // A replay of an accepted command must not overwrite the acceptance it replays.
        let isReplay = if case .rejected(.replayed, _, _, _) = decision { true } else { false }
        let commandRecord = isReplay ? nil : decision.command.map {
            CommandRecord(commandID: $0.commandId, decision: audit.decision.rawValue, reason: audit.reason,
                          decidedAtMilliseconds: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)))
        }
        return Outcome(decision: decision, audit: audit, commandRecord: commandRecord, followUps: followUps)
    }

    /// The accepted command of a hand-off follow-up, read back from the stored envelope.
    public static func acceptedCommand(_ followUp: ControlFollowUp) throws -> AcceptedCommand {
        precondition(followUp.kind == .handOff, "only a hand-off carries a command")
        let envelope = try ControlEnvelope.decode(Data(followUp.payload.utf8))
        let command = try ControlCommand.decode(envelope.command)
        // Only accepted envelopes are handed off, and the policy rejects any approval that does
        // not verify, so every approval's key id is an approver.
        return AcceptedCommand(command: command, approvers: envelope.approvals.map(\.keyId), controlOffset: followUp.controlOffset)
    }
}

extension CommandDecision {
    /// The label values of `backstop_control_decisions_total`.
    var metricLabels: (decision: String, reason: String) {
        switch self {
        case .accepted(let command, _): ("ACCEPTED", command.type.rawValue)
        case .rejected(let reason, _, _, _): ("REJECTED", reason.rawValue)
        }
    }
}
