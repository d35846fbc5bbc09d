import Entitlements
import Foundation
import Kafka
import Logging
import Simulation

/// `backstop simulate` (DOMAIN.md 6): publishes a simulated estate to the estate topics with
/// an idempotent, compressing, batching producer; keyed by NINO with murmur2_random; each
/// record stamped with its `occurredAt`.
public struct EstatePublisher: Sendable {
    public var bootstrapServers: [String]
    public var compression: CompressionCodec = .zstd
    public var linger: Duration = .milliseconds(20)
    /// The bytes one partition of the embedded broker may hold (its 5 MiB; tests lower it).
    public var embeddedPartitionLimit = EmbeddedBrokerFit.partitionLimit

    public init(bootstrapServers: [String]) {
        self.bootstrapServers = bootstrapServers
    }

    public struct Summary: Sendable {
        public var byTopic: [String: Int] = [:]
        public var byType: [String: Int] = [:]
        public var elapsed: Duration = .zero
        public var total: Int { byTopic.values.reduce(0, +) }

        public var text: String {
            var lines = ["published \(total) records in \(elapsed)"]
            for (topic, count) in byTopic.sorted(by: { $0.key < $1.key }) { lines.append("  \(topic): \(count)") }
            for (type, count) in byType.sorted(by: { $0.key < $1.key }) { lines.append("    \(type): \(count)") }
            return lines.joined(separator: "\n")
        }
    }

    /// Publishes every record of `simulator`. On the embedded broker, first refuses (before
    /// producing anything) an estate that would overflow a partition.
    public func publish(_ simulator: EstateSimulator, logger: Logger, progress: Bool = true) async throws -> Summary {
        let started = ContinuousClock.now
        var configuration = KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
        configuration.enableIdempotence = true
        configuration.compression = compression
        configuration.partitioner = .murmur2Random
        configuration.linger = linger
        let producer = try KafkaProducer.make(configuration: configuration, logger: logger)
        do {
            try await refuseOverflow(simulator, producer: producer)
            var summary = Summary()
            var bar = ProgressBar(label: "simulate", total: simulator.count, enabled: progress && isatty(STDERR_FILENO) == 1)
            for index in 0..<simulator.count {
                let record = simulator.record(at: index)
                try await producer.send(KafkaProducerRecord(
                    topic: record.topic.rawValue, key: Array(record.key.utf8), value: record.value,
                    timestampMilliseconds: record.timestampMilliseconds))
                summary.byTopic[record.topic.rawValue, default: 0] += 1
                if index % 1000 == 0 { bar.update(index) }
            }
            bar.update(simulator.count)
            bar.finish()
            let tally = try await producer.awaitDeliveries(timeout: .seconds(300))
            guard tally.failed == 0 else {
                throw SimulateError("\(tally.failed) of \(simulator.count) records were not delivered; first: \(tally.failures.first.map { "\($0.result)" } ?? "?")")
            }
            try await producer.close()
            summary.byType = simulator.countsByType
            summary.elapsed = ContinuousClock.now - started
            return summary
        } catch {
            try? await producer.close(timeout: .seconds(5))
            throw error
        }
    }

    private func refuseOverflow(_ simulator: EstateSimulator, producer: KafkaProducer) async throws {
        guard EmbeddedBrokerFit.isEmbedded(clusterID: try await producer.clusterID()) else { return }
        var counts: [EstateTopic: Int] = [:]
        for topic in EstateTopic.allCases { counts[topic] = try await producer.partitionCount(topic: topic.rawValue) }
        if let (partition, bytes) = EmbeddedBrokerFit.overflow(of: simulator, partitionCounts: counts, limit: embeddedPartitionLimit) {
            throw SimulateError(
                "this estate does not fit the embedded broker: \(partition) would hold about \(bytes / 1024) KiB compressed, over its \(embeddedPartitionLimit / 1024) KiB limit per partition; start dev-broker with more --partitions or simulate fewer claimants")
        }
    }
}

/// Why `simulate` refused or failed, in one sentence.
public struct SimulateError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
