import Control
import Entitlements
import Foundation

/// An accepted ACTIVATE or DRY_RUN with the keys that approved it: what a run is started from
/// and what the store keeps so that a restarted process resumes it (DESIGN.md section 4).
public struct AcceptedRun: Sendable, Equatable {
    public let command: ControlCommand
    public let approvers: [String]

    public init(command: ControlCommand, approvers: [String]) {
        precondition(command.type != .halt, "a HALT names a run; it does not start one")
        precondition(command.paymentDates != nil, "an ACTIVATE or DRY_RUN has payment dates")
        self.command = command
        self.approvers = approvers
    }

    public var runID: String { command.commandId }
    public var isDryRun: Bool { command.type == .dryRun }
    public var window: PaymentWindow { command.paymentDates! }
    public var scope: BenefitScope { command.benefits.map(BenefitScope.only) ?? .all }

    /// The files' creation date (HDR1): the UTC date of the command's `issuedAt`. Taken from the
    /// command, not a clock, so that a resumed run, and a second run of the same command on a
    /// copy of the store, write byte-identical files.
    public var creationDate: CalendarDate {
        CalendarDate(daysSinceEpoch: Int((command.issuedAt.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    private struct Stored: Codable {
        let command: String
        let approvers: [String]
    }

    /// The bytes the store keeps: the command's signed JSON form and the approvers.
    func encoded() -> [UInt8] {
        let stored = Stored(command: String(decoding: command.encoded(), as: UTF8.self), approvers: approvers)
        do { return Array(try JSONEncoder().encode(stored)) } catch { preconditionFailure("an accepted run does not encode: \(error)") }
    }

    static func decode(_ bytes: [UInt8], runID: String) throws -> AcceptedRun {
        let stored = try JSONDecoder().decode(Stored.self, from: Data(bytes))
        let command = try ControlCommand.decode(Data(stored.command.utf8))
        guard command.commandId == runID, command.type != .halt, command.paymentDates != nil else {
            throw RunFailure(runID: runID, reason: "the stored command is not the ACTIVATE or DRY_RUN of this run")
        }
        return AcceptedRun(command: command, approvers: stored.approvers)
    }
}

/// Why a run failed; the FAILED audit record carries `reason`.
public struct RunFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let runID: String
    public let reason: String

    public init(runID: String, reason: String) {
        self.runID = runID
        self.reason = reason
    }

    public var description: String { "run \(runID) failed: \(reason)" }
}
