import Entitlements
import Foundation

/// The decoded command of DESIGN.md 2.2: what operators ask Backstop to do.
public struct ControlCommand: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Issue the payments whose payment date falls in the window.
        case activate = "ACTIVATE"
        /// The same computation; files under out/dry-runs/, nothing emitted but the audit record.
        case dryRun = "DRY_RUN"
        /// Stop the run named by `runId` after the batch being emitted.
        case halt = "HALT"
    }

    public let type: Kind
    /// Unique per command; names the run and its folder, so it is limited to path-safe characters.
    public let commandId: String
    public let issuedAt: Date
    public let expiresAt: Date
    /// The payment dates the run covers, both ends included. Absent for HALT.
    public let paymentDates: PaymentWindow?
    /// The benefits in scope; nil means all.
    public let benefits: Set<Benefit>?
    /// For HALT: the run (the commandId of its ACTIVATE or DRY_RUN) to stop.
    public let runId: String?
    public let reason: String

    public init(
        type: Kind, commandId: String, issuedAt: Date, expiresAt: Date,
        paymentDates: PaymentWindow?, benefits: Set<Benefit>?, runId: String?, reason: String
    ) throws(ControlError) {
        guard Self.isValidIdentifier(commandId) else {
            throw ControlError(.invalidCommand, "field commandId: '\(commandId)' must be 1 to 64 of A-Z a-z 0-9 . _ - and not start with '.'")
        }
        if let runId, !Self.isValidIdentifier(runId) {
            throw ControlError(.invalidCommand, "field runId: '\(runId)' is not a command id")
        }
        switch type {
        case .activate, .dryRun:
            guard paymentDates != nil else {
                throw ControlError(.invalidCommand, "field paymentDates is required for \(type.rawValue)")
            }
        case .halt:
            guard runId != nil else { throw ControlError(.invalidCommand, "field runId is required for HALT") }
        }
        if let benefits, benefits.isEmpty {
            throw ControlError(.invalidCommand, "field benefits is empty: leave it out to mean all benefits")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty, reason.count <= 500 else {
            throw ControlError(.invalidCommand, "field reason must be 1 to 500 characters")
        }
        self.type = type
        self.commandId = commandId
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.paymentDates = paymentDates
        self.benefits = benefits
        self.runId = runId
        self.reason = reason
    }

    static func isValidIdentifier(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count), id.first != "." else { return false }
        return id.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x2E || c == 0x5F || c == 0x2D
        }
    }
}

extension ControlCommand {
    /// Decodes the command's JSON bytes. Unknown fields are ignored (DESIGN.md 2).
    public static func decode(_ bytes: Data) throws(ControlError) -> ControlCommand {
        struct Wire: Decodable {
            struct Window: Decodable { let from: String; let to: String }
            let type: String
            let commandId: String
            let issuedAt: String
            let expiresAt: String
            let paymentDates: Window?
            let benefits: [String]?
            let runId: String?
            let reason: String
        }
        let wire: Wire
        do { wire = try JSONDecoder().decode(Wire.self, from: bytes) } catch {
            throw ControlError(.invalidCommand, "not a control command: \(ControlEnvelope.describe(error))")
        }
        guard let type = Kind(rawValue: wire.type) else {
            throw ControlError(.invalidCommand, "field type: '\(wire.type)' is not ACTIVATE, DRY_RUN or HALT")
        }
        let issuedAt = try timestamp(wire.issuedAt, field: "issuedAt")
        let expiresAt = try timestamp(wire.expiresAt, field: "expiresAt")
        var window: PaymentWindow?
        if let dates = wire.paymentDates {
            let from = try date(dates.from, field: "paymentDates.from")
            let to = try date(dates.to, field: "paymentDates.to")
            do { window = try PaymentWindow(from: from, to: to) } catch {
                throw ControlError(.invalidWindow, "paymentDates from \(from) is after to \(to)")
            }
        }
        var benefits: Set<Benefit>?
        if let codes = wire.benefits {
            var set = Set<Benefit>()
            for code in codes {
                do { set.insert(try Benefit(code: code)) } catch {
                    throw ControlError(.invalidCommand, "field benefits: '\(code)' is not a benefit code")
                }
            }
            benefits = set
        }
        return try ControlCommand(
            type: type, commandId: wire.commandId, issuedAt: issuedAt, expiresAt: expiresAt,
            paymentDates: window, benefits: benefits, runId: wire.runId, reason: wire.reason)
    }

    /// The command as JSON bytes, fields in a fixed order. These are the bytes operators sign.
    public func encoded() -> Data {
        var fields = [
            "\"type\": \"\(type.rawValue)\"",
            "\"commandId\": \(ControlEnvelope.jsonString(commandId))",
            "\"issuedAt\": \"\(Self.format(issuedAt))\"",
            "\"expiresAt\": \"\(Self.format(expiresAt))\"",
        ]
        if let paymentDates {
            fields.append("\"paymentDates\": {\"from\": \"\(paymentDates.from)\", \"to\": \"\(paymentDates.to)\"}")
        }
        if let benefits {
            fields.append("\"benefits\": [" + benefits.sorted().map { "\"\($0.code)\"" }.joined(separator: ", ") + "]")
        }
        if let runId { fields.append("\"runId\": \(ControlEnvelope.jsonString(runId))") }
        fields.append("\"reason\": \(ControlEnvelope.jsonString(reason))")
        return Data(("{" + fields.joined(separator: ", ") + "}").utf8)
    }

    /// RFC 3339 in UTC, whole seconds (`2026-12-01T06:00:00Z`).
    public static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
    }

    /// Parses RFC 3339 timestamps with a `Z` or numeric offset, with or without fractional seconds.
    public static func parseTimestamp(_ text: String) -> Date? {
        // RFC 3339 only: a numeric offset has its colon (`+01:00`); ISO 8601's `+0100` is refused.
        guard text.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})/) != nil else {
            return nil
        }
        if let d = try? Date(text, strategy: .iso8601) { return d }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func timestamp(_ text: String, field: String) throws(ControlError) -> Date {
        guard let date = parseTimestamp(text) else {
            throw ControlError(.invalidCommand, "field \(field): '\(text)' is not an RFC 3339 timestamp")
        }
        return date
    }

    private static func date(_ text: String, field: String) throws(ControlError) -> CalendarDate {
        do { return try CalendarDate(text) } catch {
            throw ControlError(.invalidCommand, "field \(field): '\(text)' is not a date (YYYY-MM-DD)")
        }
    }
}
