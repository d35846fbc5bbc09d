import Metrics
import Prometheus

/// The Prometheus registry of one process and the factory every stage's metrics are made
/// from: created once by the service and injected (STYLE.md 14; tests make their own, never
/// global bootstrap). The names are shared by the stages:
/// `backstop_records_ingested_total{topic}`, `backstop_dlq_records_total{reason}` and
/// `backstop_consumer_lag{topic,partition}` (`MirrorMetrics`); `backstop_runs_total{outcome}`,
/// `backstop_payments_emitted_total`, `backstop_pence_emitted_total` and
/// `backstop_batch_emit_seconds` (`RunMetrics`); `backstop_control_decisions_total{decision,reason}`
/// (`ControlMetrics`).
public struct MetricsRegistry: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// What the stages make their metrics from: the Prometheus factory, and the extra factory
    /// given to `init(alsoReportingTo:)` too.
    public let factory: any MetricsFactory
    public let control: ControlMetrics

    /// `extra`, when given, receives every metric as well (tests pass a `TestMetrics`).
    public init(alsoReportingTo extra: (any MetricsFactory)? = nil) {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Emitting one batch takes from milliseconds (a few payments) to a minute (250,000).
        factory.durationHistogramBuckets["backstop_batch_emit_seconds"] =
            [.milliseconds(10), .milliseconds(50), .milliseconds(250), .seconds(1), .seconds(5), .seconds(15), .seconds(60)]
        self.registry = registry
        let combined: any MetricsFactory = extra.map { MultiplexMetricsHandler(factories: [factory, $0]) } ?? factory
        self.factory = combined
        control = ControlMetrics(factory: combined)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}
