import Metrics
import Synchronization

/// The control stage's metric (STYLE.md 14): `backstop_control_decisions_total{decision,reason}`,
/// labelled by ACCEPTED or REJECTED and by the command type or the `RejectionReason`: closed
/// sets, never a command id. Each labelled counter is made once, on first use.
public final class ControlMetrics: Sendable {
    public static let decisions = "backstop_control_decisions_total"

    private let factory: any MetricsFactory
    private let counters = Mutex<[[String]: Counter]>([:])

    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    public func decided(decision: String, reason: String) {
        let counter = counters.withLock { made in
            if let counter = made[[decision, reason]] { return counter }
            let counter = Counter(label: Self.decisions, dimensions: [("decision", decision), ("reason", reason)], factory: factory)
            made[[decision, reason]] = counter
            return counter
        }
        counter.increment()
    }
}
