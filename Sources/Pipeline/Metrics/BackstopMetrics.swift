import Metrics
import Synchronization

/// Every metric Backstop exposes, created from one factory that the service makes once and
/// injects into its stages (STYLE.md 14); tests pass a factory of their own, never global
/// bootstrap. Labels are low-cardinality by construction: topic names, partition numbers,
/// reasons and decisions from closed sets, never a NINO, award or command id.
///
/// A labelled metric is made the first time its label values are used and kept, so each is
/// created once.
public final class BackstopMetrics: Sendable {
    public enum Name {
        public static let recordsIngested = "backstop_records_ingested_total"
        public static let dlqRecords = "backstop_dlq_records_total"
        public static let consumerLag = "backstop_consumer_lag"
        public static let runs = "backstop_runs_total"
        public static let paymentsEmitted = "backstop_payments_emitted_total"
        public static let penceEmitted = "backstop_pence_emitted_total"
        public static let batchEmitSeconds = "backstop_batch_emit_seconds"
        public static let controlDecisions = "backstop_control_decisions_total"
    }

    private let factory: any MetricsFactory
    private let counters = Mutex<[MetricKey: Counter]>([:])
    private let gauges = Mutex<[MetricKey: Gauge]>([:])
    /// Payments emitted, over every run.
    public let paymentsEmitted: Counter
    /// Pence emitted, over every run.
    public let penceEmitted: Counter
    /// Time to emit one batch: file, transaction, ledger.
    public let batchEmitSeconds: Timer

    public init(factory: any MetricsFactory) {
        self.factory = factory
        paymentsEmitted = Counter(label: Name.paymentsEmitted, factory: factory)
        penceEmitted = Counter(label: Name.penceEmitted, factory: factory)
        batchEmitSeconds = Timer(label: Name.batchEmitSeconds, factory: factory)
    }

    /// Estate records applied to the store, by topic.
    public func recordsIngested(topic: String) -> Counter {
        counter(Name.recordsIngested, [("topic", topic)])
    }

    /// Records sent to backstop.dlq, by `Rejection.Reason` raw value.
    public func dlqRecords(reason: String) -> Counter {
        counter(Name.dlqRecords, [("reason", reason)])
    }

    /// Records between the consumer's position and the high watermark.
    public func consumerLag(topic: String, partition: Int32) -> Gauge {
        gauge(Name.consumerLag, [("topic", topic), ("partition", String(partition))])
    }

    /// Finished runs, by audit decision (COMPLETED, HALTED, FAILED).
    public func runs(outcome: String) -> Counter {
        counter(Name.runs, [("outcome", outcome)])
    }

    /// Control decisions, by decision (ACCEPTED, REJECTED) and reason (`RejectionReason`, or
    /// the command type for an acceptance).
    public func controlDecisions(decision: String, reason: String) -> Counter {
        counter(Name.controlDecisions, [("decision", decision), ("reason", reason)])
    }

    private func counter(_ name: String, _ labels: [(String, String)]) -> Counter {
        let key = MetricKey(name: name, labels: labels)
        return counters.withLock { made in
            if let counter = made[key] { return counter }
            let counter = Counter(label: name, dimensions: labels, factory: factory)
            made[key] = counter
            return counter
        }
    }

    private func gauge(_ name: String, _ labels: [(String, String)]) -> Gauge {
        let key = MetricKey(name: name, labels: labels)
        return gauges.withLock { made in
            if let gauge = made[key] { return gauge }
            let gauge = Gauge(label: name, dimensions: labels, factory: factory)
            made[key] = gauge
            return gauge
        }
    }
}

private struct MetricKey: Hashable {
    let name: String
    let labels: [String]

    init(name: String, labels: [(String, String)]) {
        self.name = name
        self.labels = labels.flatMap { [$0.0, $0.1] }
    }
}
