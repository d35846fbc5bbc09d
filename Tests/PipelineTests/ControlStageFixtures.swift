import Control
import Crypto
import Entitlements
import Foundation
import Logging
import Pipeline
import Synchronization

/// Operators' keys for control-stage tests: `ops-a` and `ops-b` in the keyring (quorum 2),
/// `ops-x` not in it.
struct ControlKeys {
    let a = Curve25519.Signing.PrivateKey()
    let b = Curve25519.Signing.PrivateKey()
    let x = Curve25519.Signing.PrivateKey()

    var keyring: Keyring {
        try! Keyring(quorum: 2, keys: ["ops-a": a.publicKey, "ops-b": b.publicKey])
    }

    /// The instant the tests' clock reads when commands are decided.
    static let now = Date(timeIntervalSince1970: 1_796_112_000)  // 2026-12-01T08:00:00Z

    static func command(
        _ type: ControlCommand.Kind = .activate, id: String = UUID().uuidString.lowercased(),
        issuedAt: Date = now.addingTimeInterval(-600), lifetime: TimeInterval = 6 * 3600,
        from: String = "2026-12-02", to: String = "2026-12-08", runId: String? = nil
    ) -> ControlCommand {
        try! ControlCommand(
            type: type, commandId: id, issuedAt: issuedAt, expiresAt: issuedAt.addingTimeInterval(lifetime),
            paymentDates: type == .halt ? nil : PaymentWindow(from: CalendarDate(from), to: CalendarDate(to)),
            benefits: nil, runId: runId, reason: "estate unavailable, incident INC-4711")
    }

    /// The envelope's bytes, approved by the named keys in order.
    func envelope(_ command: ControlCommand, approvedBy ids: [String]) -> [UInt8] {
        var envelope = ControlEnvelope(command: command.encoded(), approvals: [])
        for id in ids {
            let key = switch id { case "ops-a": a; case "ops-b": b; default: x }
            envelope = ControlEnvelope(command: envelope.command,
                                       approvals: envelope.approvals + [.init(keyId: id, signature: try! key.signature(for: envelope.command))])
        }
        return Array(envelope.encoded())
    }
}

/// Records what a double was asked to do, and lets a test wait for a number of calls.
final class CallRecorder<Call: Sendable>: Sendable {
    private struct State {
        var calls: [Call] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, any Error>, id: UInt64)] = []
        var nextID: UInt64 = 0
    }
    private let state = Mutex(State())

    func record(_ call: Call) {
        let ready = state.withLock { state in
            state.calls.append(call)
            let count = state.calls.count
            let ready = state.waiters.filter { $0.count <= count }
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
    }

    var all: [Call] { state.withLock { $0.calls } }

    /// Waits until at least `count` calls were recorded; throws after `timeout`.
    func wait(for count: Int, within timeout: Duration = .seconds(30)) async throws -> [Call] {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let id: UInt64? = state.withLock { state in
                if state.calls.count >= count { return nil }
                state.nextID += 1
                state.waiters.append((count, continuation, state.nextID))
                return state.nextID
            }
            guard let id else { return continuation.resume() }
            DispatchQueue.global().asyncAfter(deadline: .now() + Double(timeout.components.seconds)) { [self] in
                let expired = state.withLock { state in
                    let index = state.waiters.firstIndex { $0.id == id }
                    return index.map { state.waiters.remove(at: $0) }
                }
                expired?.continuation.resume(throwing: WaitTimedOut(expected: count, got: all.count))
            }
        }
        return all
    }
}

struct WaitTimedOut: Error { let expected: Int; let got: Int }

final class RecordingRunController: CommandHandoff {
    enum Call: Sendable, Equatable { case start(AcceptedCommand), halt(String, AcceptedCommand) }
    let calls = CallRecorder<Call>()
    func start(_ accepted: AcceptedCommand) async throws { calls.record(.start(accepted)) }
    func halt(runID: String, by accepted: AcceptedCommand) async throws { calls.record(.halt(runID, accepted)) }
}

struct DeliveryRefused: Error {}

/// Delivers (records) audit records, or refuses every delivery while `refusing` is set.
final class RecordingAuditDelivery: AuditSink {
    let delivered = CallRecorder<(key: String, record: AuditRecord)>()
    let attempts = CallRecorder<String>()
    let refusing: Bool

    init(refusing: Bool = false) { self.refusing = refusing }

    func record(_ record: AuditRecord) async throws {
        attempts.record(record.commandId ?? "")
        if refusing { throw DeliveryRefused() }
        delivered.record((record.commandId ?? "", record))
    }
}

func quietLogger(_ label: String = "pipeline-tests") -> Logger {
    var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = .warning
    return logger
}
