import Entitlements
import Metrics
import Store
import Synchronization

/// The mirror's metrics (STYLE.md 14), made from an injected factory: the service passes
/// Prometheus's, tests a `TestMetrics`. Labels are low-cardinality: topic, partition, reason.
public final class MirrorMetrics: Sendable {
    public static let ingested = "backstop_records_ingested_total"
    public static let deadLettered = "backstop_dlq_records_total"
    public static let lag = "backstop_consumer_lag"

    private let factory: any MetricsFactory
    private let ingestedByTopic: [String: Counter]
    private let deadLetteredByReason: [Rejection.Reason: Counter]
    /// Lag gauges are made the first time a partition is measured, then kept.
    private let lagGauges = Mutex<[InputPartition: Gauge]>([:])

    public init(topics: [String], factory: any MetricsFactory) {
        self.factory = factory
        ingestedByTopic = Dictionary(uniqueKeysWithValues: topics.map {
            ($0, Counter(label: Self.ingested, dimensions: [("topic", $0)], factory: factory))
        })
        deadLetteredByReason = Dictionary(uniqueKeysWithValues: Rejection.Reason.allCases.map {
            ($0, Counter(label: Self.deadLettered, dimensions: [("reason", $0.rawValue)], factory: factory))
        })
    }

    /// Counts what a committed plan applied and sent to the dead-letter topic.
    func record(_ plan: MirrorPlan) {
        for (topic, count) in plan.applied { ingestedByTopic[topic]?.increment(by: count) }
        for (reason, count) in plan.rejected { deadLetteredByReason[reason]?.increment(by: count) }
    }

    /// The lag of an input partition: high watermark minus position, never below zero.
    func recordLag(_ input: InputPartition, lag: Int64) {
        let gauge = lagGauges.withLock { gauges in
            if let gauge = gauges[input] { return gauge }
            let gauge = Gauge(label: Self.lag, dimensions: [("topic", input.topic), ("partition", String(input.partition))], factory: factory)
            gauges[input] = gauge
            return gauge
        }
        gauge.record(max(0, lag))
    }
}
