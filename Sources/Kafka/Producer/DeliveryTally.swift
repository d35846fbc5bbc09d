/// What happened to the records sent since the previous `awaitDeliveries`.
public struct DeliveryTally: Sendable {
    public internal(set) var delivered = 0
    public internal(set) var failed = 0
    /// The first failures, at most `DeliveryTally.maxKeptFailures` of them (`failed` counts all).
    public internal(set) var failures: [KafkaDeliveryReport] = []

    public static let maxKeptFailures = 100

    mutating func add(_ report: KafkaDeliveryReport) {
        switch report.result {
        case .success:
            delivered += 1
        case .failure:
            failed += 1
            if failures.count < Self.maxKeptFailures { failures.append(report) }
        }
    }
}
