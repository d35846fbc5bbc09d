import Entitlements

/// How a run ended, as backstop.audit records it (DESIGN.md 2.3).
public enum RunOutcome: Sendable, Equatable {
    /// Every batch emitted; the figures reconcile.
    case completed(RunFigures)
    /// Stopped by a HALT after the batch in flight; `paid` counts what was emitted before it.
    case halted(RunFigures)
    case failed(reason: String)

    public var name: String {
        switch self {
        case .completed: "completed"
        case .halted: "halted"
        case .failed: "failed"
        }
    }
}
