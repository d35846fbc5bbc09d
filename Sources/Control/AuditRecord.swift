import Entitlements
import Foundation

/// A backstop.audit value (DESIGN.md 2.3, topics/schemas/AuditRecord.schema.json): every control
/// decision and every run outcome. Keyed by commandId. Carries no secret: key ids, never keys
/// or signatures; counts and pence, never bank details.
public struct AuditRecord: Sendable, Equatable {
    public enum Decision: String, Sendable, CaseIterable {
        case accepted = "ACCEPTED"
        case rejected = "REJECTED"
        case completed = "COMPLETED"
        case halted = "HALTED"
        case failed = "FAILED"
    }

    /// nil when the envelope could not be read far enough to find one.
    public let commandId: String?
    /// The command's type as received; nil when unreadable.
    public let type: String?
    public let decision: Decision
    public let reason: String
    public let at: Date
    public let approvers: [String]
    /// For run outcomes: due, paid and excluded by reason.
    public let figures: RunFigures?

    public init(commandId: String?, type: String?, decision: Decision, reason: String, at: Date,
                approvers: [String], figures: RunFigures? = nil) {
        precondition(decision != .completed || figures != nil, "a COMPLETED run outcome carries its figures")
        self.commandId = commandId
        self.type = type
        self.decision = decision
        self.reason = reason
        self.at = at
        self.approvers = approvers
        self.figures = figures
    }

    /// The audit record of a control decision.
    public init(_ decision: CommandDecision, at: Date) {
        switch decision {
        case .accepted(let command, let approvers):
            self.init(commandId: command.commandId, type: command.type.rawValue, decision: .accepted,
                      reason: command.reason, at: at, approvers: approvers)
        case .rejected(let reason, let detail, let command, let approvers):
            self.init(commandId: command?.commandId, type: command?.type.rawValue, decision: .rejected,
                      reason: "\(reason.rawValue): \(detail)", at: at, approvers: approvers)
        }
    }

    /// The JSON value, fields in a fixed order.
    public func encoded() -> Data {
        func string(_ s: String?) -> String { s.map(ControlEnvelope.jsonString) ?? "null" }
        func tally(_ t: Tally) -> String { "{\"count\": \(t.count), \"pence\": \(t.pence.value)}" }
        var fields = [
            "\"commandId\": \(string(commandId))",
            "\"type\": \(string(type))",
            "\"decision\": \"\(decision.rawValue)\"",
            "\"reason\": \(string(reason))",
            "\"at\": \"\(ControlCommand.format(at))\"",
            "\"approvers\": [" + approvers.map(ControlEnvelope.jsonString).joined(separator: ", ") + "]",
        ]
        if let figures {
            fields.append("\"due\": \(tally(figures.due))")
            fields.append("\"paid\": \(tally(figures.paid))")
            let excluded = ExclusionReason.allCases.compactMap { reason -> String? in
                guard let t = figures.excluded[reason], t.count > 0 else { return nil }
                return "\"\(reason.rawValue)\": \(tally(t))"
            }
            fields.append("\"excluded\": {" + excluded.joined(separator: ", ") + "}")
            fields.append("\"late\": \(tally(figures.late))")
        }
        return Data(("{" + fields.joined(separator: ", ") + "}").utf8)
    }

    /// Reads an audit value back (for the end-to-end checks and `backstop` tools).
    public static func decode(_ data: Data) throws(ControlError) -> AuditRecord {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let decisionText = object["decision"] as? String, let decision = Decision(rawValue: decisionText),
              let reason = object["reason"] as? String, let atText = object["at"] as? String,
              let at = ControlCommand.parseTimestamp(atText), let approvers = object["approvers"] as? [String] else {
            throw ControlError(.invalidEnvelope, "not an audit record")
        }
        var figures: RunFigures?
        if let due = object["due"] as? [String: Any], let paid = object["paid"] as? [String: Any] {
            // An audit value is input like any other: a negative or missing figure is refused
            // here, never handed to Tally, whose non-negativity is a precondition.
            func tally(_ o: [String: Any], _ field: String) throws(ControlError) -> Tally {
                guard let count = o["count"] as? Int, count >= 0, let pence = o["pence"] as? Int, pence >= 0 else {
                    throw ControlError(.invalidEnvelope, "audit record: \(field) needs a count and pence of zero or more")
                }
                return Tally(count: count, pence: Pence(Int64(pence)))
            }
            var excluded: [ExclusionReason: Tally] = [:]
            for (key, value) in (object["excluded"] as? [String: Any]) ?? [:] {
                if let reason = ExclusionReason(rawValue: key), let o = value as? [String: Any] { excluded[reason] = try tally(o, "excluded.\(key)") }
            }
            let paidTally = try tally(paid, "paid")
            let late = try (object["late"] as? [String: Any]).map { o throws(ControlError) in try tally(o, "late") } ?? .zero
            guard late.count <= paidTally.count, late.pence <= paidTally.pence else {
                throw ControlError(.invalidEnvelope, "audit record: late is more than paid")
            }
            figures = RunFigures(due: try tally(due, "due"), paid: paidTally, excluded: excluded, late: late)
        }
        guard decision != .completed || figures != nil else {
            throw ControlError(.invalidEnvelope, "audit record: a COMPLETED outcome needs due and paid")
        }
        return AuditRecord(commandId: object["commandId"] as? String, type: object["type"] as? String,
                           decision: decision, reason: reason, at: at, approvers: approvers, figures: figures)
    }
}
