import Metrics
import Prometheus

/// The Prometheus registry of one process and the metrics made from it: created once by the
/// service and handed to the stages and to `/metrics`.
public struct MetricsRegistry: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let metrics: BackstopMetrics

    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Batch emission takes from milliseconds (a few payments) to tens of seconds (250,000).
        factory.durationHistogramBuckets[BackstopMetrics.Name.batchEmitSeconds] =
            [.milliseconds(10), .milliseconds(50), .milliseconds(250), .seconds(1), .seconds(5), .seconds(15), .seconds(60)]
        self.registry = registry
        metrics = BackstopMetrics(factory: factory)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}
