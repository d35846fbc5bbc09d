import ArgumentParser
import Control
import Entitlements
import Foundation

struct ControlCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control",
        abstract: "Build, approve, inspect and send signed control commands (DESIGN.md 2.2).",
        subcommands: [Sign.self, Approve.self, Show.self, Send.self])

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a command (new commandId, issuedAt now) with its first approval.")

        @Option(help: "Your private key file (from `backstop keys generate`).") var key: String
        @Option(help: "Your key id in the keyring.") var keyId: String
        @Option(help: "ACTIVATE, DRY_RUN or HALT.") var type: String
        @Option(help: "First payment date of the window (YYYY-MM-DD).") var from: String?
        @Option(help: "Last payment date of the window (YYYY-MM-DD), at most 30 days after --from.") var to: String?
        @Option(help: "Benefit codes in scope, comma-separated (SP,UC,…); all when absent.") var benefits: String?
        @Option(name: .customLong("run"), help: "For HALT: the run (commandId) to stop.") var runId: String?
        @Option(help: "Why: recorded in the audit trail.") var reason: String
        @Option(help: "How long the command stays valid: e.g. 30m, 6h, 1h30m (at most 24h).") var expiresIn: String = "6h"
        @Option(help: "Where to write the envelope.") var out: String

        func run() throws {
            guard let kind = ControlCommand.Kind(rawValue: type) else {
                throw ValidationError("--type must be ACTIVATE, DRY_RUN or HALT, not '\(type)'")
            }
            guard let lifetime = Self.parseDuration(expiresIn) else {
                throw ValidationError("--expires-in: '\(expiresIn)' is not a duration such as 30m, 6h or 1h30m")
            }
            var window: PaymentWindow?
            if kind != .halt {
                guard let from, let to else { throw ValidationError("--from and --to are required for \(type)") }
                do { window = try PaymentWindow(from: try parseDate(from, "--from"), to: try parseDate(to, "--to")) } catch {
                    throw ValidationError("--from \(from) is after --to \(to)")
                }
            }
            let scope = try benefits.map { list in
                Set(try list.split(separator: ",").map { code in
                    do { return try Benefit(code: String(code).trimmingCharacters(in: .whitespaces)) } catch {
                        throw ValidationError("--benefits: '\(code)' is not a benefit code")
                    }
                })
            }
            let now = Date()
            let issuedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
            let command = try ControlCommand(
                type: kind, commandId: UUID().uuidString.lowercased(), issuedAt: issuedAt,
                expiresAt: issuedAt.addingTimeInterval(lifetime), paymentDates: window,
                benefits: scope, runId: runId, reason: reason)
            let envelope = try ControlEnvelope(command: command.encoded(), approvals: [])
                .approved(by: keyId, with: try OperatorKeyFiles.loadPrivateKey(at: key))
            try envelope.encoded().write(to: URL(fileURLWithPath: out))
            print(command.commandId)
        }

        static func parseDuration(_ text: String) -> TimeInterval? {
            var total: TimeInterval = 0
            var number = ""
            for ch in text {
                if ch.isNumber { number.append(ch); continue }
                guard let n = Double(number) else { return nil }
                switch ch {
                case "h": total += n * 3600
                case "m": total += n * 60
                case "s": total += n
                default: return nil
                }
                number = ""
            }
            return number.isEmpty && total > 0 ? total : nil
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add your approval to an envelope, in place.")

        @Option(help: "Your private key file.") var key: String
        @Option(help: "Your key id in the keyring.") var keyId: String
        @Argument(help: "The envelope file.") var envelope: String

        func run() throws {
            let url = URL(fileURLWithPath: envelope)
            let approved = try ControlEnvelope.decode(try Data(contentsOf: url))
                .approved(by: keyId, with: try OperatorKeyFiles.loadPrivateKey(at: key))
            try approved.encoded().write(to: url, options: .atomic)
            print("approvals: " + approved.approvals.map(\.keyId).joined(separator: ", "))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print an envelope's command and who approved it.")

        @Option(help: "A keyring to check the signatures against.") var keyring: String?
        @Argument(help: "The envelope file.") var envelope: String

        func run() throws {
            let env = try ControlEnvelope.decode(try Data(contentsOf: URL(fileURLWithPath: envelope)))
            let command = try ControlCommand.decode(env.command)
            print("type:         \(command.type.rawValue)")
            print("commandId:    \(command.commandId)")
            print("issuedAt:     \(ControlCommand.format(command.issuedAt))")
            print("expiresAt:    \(ControlCommand.format(command.expiresAt))")
            if let window = command.paymentDates { print("paymentDates: \(window.from) to \(window.to) (\(window.dayCount) days)") }
            print("benefits:     \(command.benefits.map { $0.sorted().map(\.code).joined(separator: ", ") } ?? "all")")
            if let runId = command.runId { print("runId:        \(runId)") }
            print("reason:       \(command.reason)")
            let ring = try keyring.map { try Keyring.load(contentsOf: URL(fileURLWithPath: $0)) }
            for approval in env.approvals {
                let status: String
                if let ring {
                    if let key = ring.publicKey(approval.keyId) {
                        status = key.isValidSignature(approval.signature, for: env.command) ? "valid" : "INVALID SIGNATURE"
                    } else {
                        status = "UNKNOWN KEY"
                    }
                } else {
                    status = "not checked (no --keyring)"
                }
                print("approved by:  \(approval.keyId): \(status)")
            }
        }
    }
}

private func parseDate(_ text: String, _ flag: String) throws -> CalendarDate {
    do { return try CalendarDate(text) } catch {
        throw ValidationError("\(flag): '\(text)' is not a date (YYYY-MM-DD)")
    }
}
