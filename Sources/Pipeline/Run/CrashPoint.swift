import Foundation
import Synchronization

/// The places in a run where a crash matters to exactly-once (DESIGN.md section 4): between any
/// two steps of a batch, before the first batch and before the report. Tests reach them through
/// an injected `CrashHook`; the real binary through `BACKSTOP_CRASH_AT` (`EnvironmentCrashHook`).
public enum CrashPoint: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Batches planned and producers initialised; nothing of this incarnation emitted yet.
    case beforeFirstBatch = "before-first-batch"
    /// A batch's file is written and fsynced; its transaction has not begun.
    case afterFile = "after-file"
    /// A batch's records (payments and the batches record) are produced and delivered to the
    /// broker, and its transaction is not committed.
    case insideTransaction = "inside-transaction"
    /// A batch's transaction is committed; its payments are not yet in the ledger.
    case afterCommitBeforeLedger = "after-commit-before-ledger"
    /// Every batch is emitted and in the ledger; the manifest, report and audit record are not written.
    case beforeReport = "before-report"

    public var description: String { rawValue }
}

/// Called at every `CrashPoint` a run reaches. A hook that throws makes the run stop there as a
/// crash would: no clean-up, no abort, no audit record (the error propagates out of the
/// controller). Production passes none, so the cost when unset is one nil check per point.
public protocol CrashHook: Sendable {
    func reached(_ point: CrashPoint) throws
}

/// What an in-process crash hook throws.
public struct CrashPointReached: Error, Sendable, Equatable, CustomStringConvertible {
    public let point: CrashPoint
    public init(_ point: CrashPoint) { self.point = point }
    public var description: String { "simulated crash at \(point)" }
}

/// A hook that throws `CrashPointReached` the `occurrence`-th time the run reaches `point`.
public final class ThrowingCrashHook: CrashHook {
    public let point: CrashPoint
    public let occurrence: Int
    private let seen = Mutex(0)

    public init(at point: CrashPoint, occurrence: Int = 1) {
        precondition(occurrence >= 1, "occurrences count from 1")
        self.point = point
        self.occurrence = occurrence
    }

    public func reached(_ point: CrashPoint) throws {
        guard point == self.point else { return }
        let count = seen.withLock { seen in
            seen += 1
            return seen
        }
        if count == occurrence { throw CrashPointReached(point) }
    }
}

/// TEST HOOK, not an operational setting: `BACKSTOP_CRASH_AT=<point>[:<n>]` makes the process
/// kill itself with SIGKILL the n-th time (default 1) a run reaches `<point>` (one of
/// `CrashPoint`'s names), so end-to-end tests can prove that a real crash at that point loses
/// and doubles nothing. Unset (always, outside tests), `fromEnvironment` returns nil and runs
/// carry no hook at all.
public final class EnvironmentCrashHook: CrashHook {
    public static let variable = "BACKSTOP_CRASH_AT"
    private let counter: ThrowingCrashHook

    init(point: CrashPoint, occurrence: Int) {
        counter = ThrowingCrashHook(at: point, occurrence: occurrence)
    }

    /// The hook `BACKSTOP_CRASH_AT` asks for; nil when it is unset. A value that names no point
    /// is a configuration error, reported with the accepted names.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> EnvironmentCrashHook? {
        guard let value = environment[variable], !value.isEmpty else { return nil }
        let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
        guard let point = CrashPoint(rawValue: parts[0]) else {
            throw RunConfigurationError(setting: variable, message: "'\(value)' names no crash point; use one of \(CrashPoint.allCases.map(\.rawValue).joined(separator: ", ")) with an optional :n")
        }
        var occurrence = 1
        if parts.count == 2 {
            guard let n = Int(parts[1]), n >= 1 else {
                throw RunConfigurationError(setting: variable, message: "'\(value)': the occurrence after ':' must be a whole number from 1")
            }
            occurrence = n
        }
        return EnvironmentCrashHook(point: point, occurrence: occurrence)
    }

    public func reached(_ point: CrashPoint) throws {
        do {
            try counter.reached(point)
        } catch {
            // No clean-up of any kind: this stands for power loss or the OOM killer.
            kill(getpid(), SIGKILL)
        }
    }
}
