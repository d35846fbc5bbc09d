import Metrics

/// The run stage's metrics (STYLE.md 14), created once from an injected factory, with
/// low-cardinality labels only.
public struct RunMetrics: Sendable {
    /// `backstop_runs_total{outcome}`: runs finished, by outcome (completed, halted, failed).
    private let completed: Counter
    private let halted: Counter
    private let failed: Counter
    /// `backstop_payments_emitted_total`: payments committed to backstop.payments.
    let paymentsEmitted: Counter
    /// `backstop_pence_emitted_total`: their pence.
    let penceEmitted: Counter
    /// `backstop_batch_emit_seconds`: one batch, file to ledger.
    let batchEmitSeconds: Timer
    /// `backstop_batch_retries_total`: batch transactions tried again after a Kafka error.
    let batchRetries: Counter

    public init(factory: any MetricsFactory) {
        func runs(_ outcome: String) -> Counter {
            Counter(label: "backstop_runs_total", dimensions: [("outcome", outcome)], factory: factory)
        }
        completed = runs("completed")
        halted = runs("halted")
        failed = runs("failed")
        paymentsEmitted = Counter(label: "backstop_payments_emitted_total", factory: factory)
        penceEmitted = Counter(label: "backstop_pence_emitted_total", factory: factory)
        batchEmitSeconds = Timer(label: "backstop_batch_emit_seconds", factory: factory)
        batchRetries = Counter(label: "backstop_batch_retries_total", factory: factory)
    }

    func finished(_ outcome: RunOutcome) {
        switch outcome {
        case .completed: completed.increment()
        case .halted: halted.increment()
        case .failed: failed.increment()
        }
    }
}
