import Entitlements
import Foundation
import Kafka
import Logging
import Simulation
import Store

/// `backstop replay` (DESIGN.md 5): builds a store in its own folder from the estate topics,
/// by explicit assignment of every partition, with no group membership and no commit, so the
/// live group is untouched. It never writes to backstop.dlq: rejected records are counted.
/// Each partition stops at the high watermark measured when the replay starts, or, with
/// `until`, at its first record stamped after it; the store's next offsets are then exact, and
/// a later replay (`from: .store`) continues it.
public struct Replay: Sendable {
    public var bootstrapServers: [String]
    /// librdkafka properties for the replay's consumer (security settings). Default none.
    public var kafkaProperties: [String: String] = [:]
    public var stateDirectory: String
    public var from: ReplayStart = .store
    /// Milliseconds since the epoch; nil: up to the end.
    public var until: Int64?
    public var topics = TopicCatalog.estateTopics
    /// Records in one store update at most.
    public var batchSize = 5_000
    public var progress = true

    public init(bootstrapServers: [String], stateDirectory: String) {
        self.bootstrapServers = bootstrapServers
        self.stateDirectory = stateDirectory
    }

    public struct Summary: Sendable {
        public var applied: [String: Int] = [:]
        public var rejected: [Rejection.Reason: Int] = [:]
        public var counts: StoreCounts?
        public var elapsed: Duration = .zero

        public var text: String {
            var lines = ["replayed in \(elapsed)", "applied:"]
            for (topic, count) in applied.sorted(by: { $0.key < $1.key }) { lines.append("  \(topic): \(count)") }
            lines.append("rejected: \(rejected.values.reduce(0, +))")
            for (reason, count) in rejected.sorted(by: { $0.key.rawValue < $1.key.rawValue }) { lines.append("  \(reason): \(count)") }
            if let counts {
                lines.append("store: \(counts.claimants) claimants, \(counts.deaths) deaths, \(counts.awards) awards (\(counts.awardsWithoutStart) without start), \(counts.awardFacts) award facts, \(counts.paidMarkers) paid markers")
            }
            return lines.joined(separator: "\n")
        }
    }

    public func run(logger: Logger) async throws -> Summary {
        let started = ContinuousClock.now
        var storeOptions = StoreOptions()
        storeOptions.estateTopics = Set(topics)
        // A rebuild into its own folder: atomic writes without waiting for fsync each time.
        storeOptions.database.syncWrites = false
        let store = try EntitlementStore.open(at: stateDirectory, options: storeOptions)
        let stored = try store.nextOffsets()
        if from == .beginning || { if case .timestamp = from { true } else { false } }(), !stored.isEmpty {
            throw ReplayError("--from \(from == .beginning ? "beginning" : "timestamp") needs an empty state folder; \(stateDirectory) already holds a store")
        }
        var configuration = KafkaConnection(bootstrapServers: bootstrapServers, properties: kafkaProperties)
            .consumer(groupID: "backstop-replay-\(UUID().uuidString.prefix(8))")
        configuration.maxBatchSize = min(batchSize, 100_000)
        let probe = try KafkaConsumer.make(configuration: configuration, assignment: .partitions([]), logger: logger)
        let plan: (starts: [InputPartition: Int64?], ends: [InputPartition: Int64])
        do {
            plan = try await startsAndEnds(probe, stored: stored)
            await probe.close()
        } catch {
            await probe.close()
            throw error
        }

        var core = MirrorCore(topics: topics)
        let effective = plan.starts.compactMapValues { $0 }
        let assignment = plan.starts.keys.sorted().map { input in
            TopicPartitionOffset(input.topic, input.partition, plan.starts[input]!.map { .exactly($0) } ?? .beginning)
        }
        guard case .own = core.assigned(assignment, stored: effective) else {
            throw ReplayError("the estate topics' partitions do not line up")
        }
        var summary = Summary()
        var remaining = Set(plan.ends.keys.filter { core.position($0, low: 0) < plan.ends[$0]! && plan.ends[$0]! > 0 })
        // A partition that starts from its beginning is done when its log is empty.
        let total = remaining.reduce(0) { $0 + Int(plan.ends[$1]! - (effective[$1] ?? 0)) }
        var bar = ProgressBar(label: "replay", total: total, enabled: progress && isatty(STDERR_FILENO) == 1)
        var done = 0
        if !remaining.isEmpty {
            let consumer = try KafkaConsumer.make(configuration: configuration, assignment: .partitions(
                assignment.filter { remaining.contains(InputPartition(topic: $0.topic, partition: $0.partition)) }), logger: logger)
            do {
                var quietSince = ContinuousClock.now
                while !remaining.isEmpty {
                    let event: KafkaConsumerEvent?
                    do {
                        event = try await consumer.nextEvent(before: ContinuousClock.now.advanced(by: .seconds(2)))
                    } catch let error as KafkaError where error.code == .timeout {
                        // Nothing buffered: the consumer's position counts offsets without a
                        // record (transaction markers), which ours cannot see.
                        let inputs = remaining.sorted()
                        for entry in try consumer.positions(inputs.map { TopicPartition($0.topic, $0.partition) }) {
                            let input = InputPartition(topic: entry.topic, partition: entry.partition)
                            if let position = entry.offset.exactValue, position >= plan.ends[input]! { remaining.remove(input) }
                        }
                        guard ContinuousClock.now - quietSince < .seconds(120) else {
                            throw ReplayError("no record for 2 minutes while \(remaining.sorted().prefix(3).map(\.description).joined(separator: ", ")) still lag their end")
                        }
                        continue
                    }
                    quietSince = ContinuousClock.now
                    guard let event else { break }
                    switch event {
                    case .records(let records):
                        let inRange = records.filter { $0.offset < (plan.ends[InputPartition(topic: $0.topic, partition: $0.partition)] ?? 0) }
                        for start in stride(from: 0, to: inRange.count, by: batchSize) {
                            let chunk = Array(inRange[start..<min(inRange.count, start + batchSize)])
                            let step = core.plan(chunk, until: until)
                            try store.apply(step.update)
                            core.committed(step)
                            for (topic, count) in step.applied { summary.applied[topic, default: 0] += count }
                            for (reason, count) in step.rejected { summary.rejected[reason, default: 0] += count }
                            done += chunk.count
                        }
                        for input in remaining where core.finished.contains(input) || core.position(input, low: 0) >= plan.ends[input]! {
                            remaining.remove(input)
                        }
                        bar.update(done)
                    case .error(let error):
                        if error.isFatal { throw error }
                        logger.warning("consumer error", metadata: ["error": "\(error)"])
                    default:
                        break
                    }
                }
                await consumer.close()
            } catch {
                await consumer.close()
                throw error
            }
        }
        bar.finish()
        core.finish(plan.ends.keys)
        try store.database.flush()
        summary.counts = try store.counts()
        summary.elapsed = ContinuousClock.now - started
        return summary
    }

    /// Where each input partition starts (nil: its beginning) and ends (the high watermark now).
    private func startsAndEnds(_ consumer: KafkaConsumer, stored: [InputPartition: Int64]) async throws
        -> (starts: [InputPartition: Int64?], ends: [InputPartition: Int64])
    {
        var counts: [Int] = []
        for topic in topics { counts.append(try await consumer.partitionCount(topic: topic)) }
        guard let count = counts.first, counts.allSatisfy({ $0 == count }) else {
            throw ReplayError("the estate topics are not co-partitioned: \(zip(topics, counts).map { "\($0.0) has \($0.1)" }.joined(separator: ", ")) partitions")
        }
        var starts: [InputPartition: Int64?] = [:]
        var ends: [InputPartition: Int64] = [:]
        var byTime: [TopicPartition: Int64] = [:]
        for topic in topics {
            for number in 0..<Int32(count) {
                let input = InputPartition(topic: topic, partition: number)
                let marks = try await consumer.queryWatermarks(TopicPartition(topic, number))
                ends[input] = marks.high
                switch from {
                case .store, .beginning: starts[input] = stored[input]
                case .offsets(let given):
                    // A partition the flag does not name continues from the store's own offset.
                    let start: Int64? = given[TopicPartition(topic, number)] ?? stored[input]
                    starts[input] = start
                case .timestamp(let moment): byTime[TopicPartition(topic, number)] = moment
                }
            }
        }
        if case .offsets(let given) = from, let unknown = given.keys.first(where: { ends[InputPartition(topic: $0.topic, partition: $0.partition)] == nil }) {
            throw ReplayError("--from names \(unknown), which is not an estate partition")
        }
        if !byTime.isEmpty {
            if EmbeddedBrokerFit.isEmbedded(clusterID: try await consumer.clusterID()) {
                throw ReplayError("--from timestamp: is not supported on the embedded broker (librdkafka's mock cluster cannot look offsets up by time); use --from beginning with --until, or a real broker")
            }
            let moment = byTime.values.first!
            for entry in try await consumer.offsetsForTimes(byTime.keys.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }, at: KafkaTimestampQuery(milliseconds: moment)) {
                let input = InputPartition(topic: entry.topic, partition: entry.partition)
                // No record at or after the moment (`.end`): start at the end, nothing to read.
                let start: Int64? = entry.offset.exactValue ?? ends[input]
                starts[input] = start
            }
        }
        return (starts, ends)
    }
}
