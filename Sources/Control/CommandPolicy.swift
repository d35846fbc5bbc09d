import Crypto
import Entitlements
import Foundation

/// Why a control record was not accepted. The raw value is what backstop.audit and the log carry.
public enum RejectionReason: String, Sendable, CaseIterable {
    case malformedEnvelope = "MALFORMED_ENVELOPE"
    case malformedCommand = "MALFORMED_COMMAND"
    case unknownKey = "UNKNOWN_KEY"
    case badSignature = "BAD_SIGNATURE"
    case duplicateApproval = "DUPLICATE_APPROVAL"
    case quorumNotMet = "QUORUM_NOT_MET"
    case issuedInFuture = "ISSUED_IN_FUTURE"
    case expired = "EXPIRED"
    case lifetimeTooLong = "LIFETIME_TOO_LONG"
    case replayed = "REPLAYED"
    case invalidWindow = "INVALID_WINDOW"
    case windowTooLong = "WINDOW_TOO_LONG"
}

/// The outcome of judging one control record.
public enum CommandDecision: Sendable, Equatable {
    case accepted(ControlCommand, approvers: [String])
    /// `command` is present when the command decoded; `approvers` are the keys whose
    /// signatures verified before the rejection.
    case rejected(RejectionReason, detail: String, command: ControlCommand?, approvers: [String])

    public var command: ControlCommand? {
        switch self {
        case .accepted(let c, _): c
        case .rejected(_, _, let c, _): c
        }
    }
}

/// The acceptance rules of DESIGN.md 2.2, as a pure function of the record, the keyring, the
/// clock and the commands seen before: no I/O, so every rule is tested with an injected clock.
///
/// Stricter than "at least `quorum` valid signatures": an envelope carrying any approval that
/// does not verify (unknown key, bad signature, the same key twice) is rejected outright, since
/// a forged or mistaken approval on a payment command is something operators must look at.
public struct CommandPolicy: Sendable {
    /// How far `issuedAt` may be ahead of our clock.
    public var maxClockSkew: TimeInterval = 5 * 60
    /// The longest a command may live, from `issuedAt` to `expiresAt`.
    public var maxLifetime: TimeInterval = 24 * 60 * 60
    /// The most payment dates one window may span, counting both ends.
    public var maxWindowDays = 31

    public init() {}

    public func decide(
        _ value: Data, keyring: Keyring, now: Date, alreadySeen: (String) -> Bool
    ) -> CommandDecision {
        let envelope: ControlEnvelope
        do { envelope = try ControlEnvelope.decode(value) } catch {
            return .rejected(.malformedEnvelope, detail: error.message, command: nil, approvers: [])
        }
        let command: ControlCommand
        do { command = try ControlCommand.decode(envelope.command) } catch {
            let reason: RejectionReason = error.code == .invalidWindow ? .invalidWindow : .malformedCommand
            return .rejected(reason, detail: error.message, command: nil, approvers: [])
        }
        func reject(_ reason: RejectionReason, _ detail: String, _ approvers: [String]) -> CommandDecision {
            .rejected(reason, detail: detail, command: command, approvers: approvers)
        }

        var approvers: [String] = []
        for approval in envelope.approvals {
            guard !approvers.contains(approval.keyId) else {
                return reject(.duplicateApproval, "key '\(approval.keyId)' approved more than once", approvers)
            }
            guard let key = keyring.publicKey(approval.keyId) else {
                return reject(.unknownKey, "key '\(approval.keyId)' is not in the keyring", approvers)
            }
            guard key.isValidSignature(approval.signature, for: envelope.command) else {
                return reject(.badSignature, "the signature of key '\(approval.keyId)' does not verify", approvers)
            }
            approvers.append(approval.keyId)
        }
        guard approvers.count >= keyring.quorum else {
            return reject(.quorumNotMet, "\(approvers.count) valid approvals, \(keyring.quorum) needed", approvers)
        }

        let issued = ControlCommand.format(command.issuedAt)
        let expires = ControlCommand.format(command.expiresAt)
        guard command.issuedAt <= now.addingTimeInterval(maxClockSkew) else {
            return reject(.issuedInFuture, "issuedAt \(issued) is more than \(Int(maxClockSkew)) s ahead of now (\(ControlCommand.format(now)))", approvers)
        }
        guard now < command.expiresAt else {
            return reject(.expired, "expired at \(expires); now is \(ControlCommand.format(now))", approvers)
        }
        guard command.expiresAt.timeIntervalSince(command.issuedAt) <= maxLifetime,
              command.expiresAt > command.issuedAt else {
            return reject(.lifetimeTooLong, "expiresAt \(expires) must be after issuedAt \(issued) and at most \(Int(maxLifetime / 3600)) h later", approvers)
        }
        guard !alreadySeen(command.commandId) else {
            return reject(.replayed, "commandId \(command.commandId) was accepted before", approvers)
        }
        if let window = command.paymentDates, window.dayCount > maxWindowDays {
            return reject(.windowTooLong, "paymentDates \(window.from) to \(window.to) spans \(window.dayCount) days, at most \(maxWindowDays)", approvers)
        }
        return .accepted(command, approvers: approvers)
    }
}

extension PaymentWindow {
    /// Days in the window, counting both ends.
    public var dayCount: Int { from.days(to: to) + 1 }
}
