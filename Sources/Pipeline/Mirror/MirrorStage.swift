import Entitlements
import Kafka
import Logging
import ServiceLifecycle
import Store

/// The mirror stage (DESIGN.md 1, 3, 6, 8): consumes the three co-partitioned estate topics
/// as one group and applies them to the entitlement store. The decisions are `MirrorCore`'s;
/// this driver does the I/O: the consumer, the dead-letter producer, the store, metrics and
/// `PartitionOwnership`.
///
/// Order of effects for each batch, which is what makes it safe to kill at any moment:
/// 1. the batch's rejected records are produced to backstop.dlq and their delivery awaited;
/// 2. the batch's facts and next offsets are written in ONE atomic store update (while the
///    next batch is decoded; that batch's dead letters and write wait for this write);
/// 3. the group's offsets are committed asynchronously, for lag monitoring only.
/// A crash between 1 and 2 re-reads the batch from the store's offsets and produces its dead
/// letters again: a crash can DUPLICATE a dead letter (same `dlq.topic`, `dlq.partition`,
/// `dlq.offset`), never lose one. Facts are applied exactly once, since consumption starts
/// from the store's own offsets, not the group's.
public final class MirrorStage: Service {
    public let settings: MirrorSettings
    private let consumerConfiguration: KafkaConsumerConfiguration
    private let producerConfiguration: KafkaProducerConfiguration
    private let store: EntitlementStore
    private let storeExecutor: BlockingExecutor
    private let ownership: PartitionOwnership
    private let metrics: MirrorMetrics
    private let logger: Logger
    private let onCaughtUp: (@Sendable ([Int32]) -> Void)?

    /// `consumerConfiguration` names the group; its batch size and assignor are set here.
    public init(
        settings: MirrorSettings, consumer: KafkaConsumerConfiguration, producer: KafkaProducerConfiguration,
        store: EntitlementStore, storeExecutor: BlockingExecutor, ownership: PartitionOwnership,
        metrics: MirrorMetrics, logger: Logger, onCaughtUp: (@Sendable ([Int32]) -> Void)? = nil
    ) {
        self.onCaughtUp = onCaughtUp
        self.settings = settings
        var consumer = consumer
        consumer.maxBatchSize = settings.maxBatchSize
        // Eager range assignment gives the same partition number of each topic to one
        // member when the counts are equal (checked at start and on every assignment).
        consumer.assignor = .range
        consumer.enableAutoCommit = false
        self.consumerConfiguration = consumer
        var producer = producer
        producer.enableIdempotence = true
        self.producerConfiguration = producer
        self.store = store
        self.storeExecutor = storeExecutor
        self.ownership = ownership
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs until graceful shutdown or cancellation; throws when it cannot go on (a broken
    /// co-partitioning, an undeliverable dead letter, a store failure).
    public func run() async throws {
        try settings.validate()
        let producer = try KafkaProducer.make(configuration: producerConfiguration, logger: logger)
        var core = MirrorCore(topics: settings.estateTopics)
        do {
            while try await session(&core, producer: producer) == .restart {
                ownership.revoke(core.revoked(core.owned.keys.map { TopicPartition(settings.estateTopics[0], $0) }))
            }
        } catch {
            ownership.revoke(ownership.owned)
            try? await producer.close(timeout: .seconds(5))
            throw error
        }
        ownership.revoke(ownership.owned)
        try await producer.close(timeout: settings.deadLetterTimeout)
    }

    private enum SessionEnd { case stopped, restart }

    /// One consumer, from its start to shutdown or to a restart the core asked for.
    private func session(_ core: inout MirrorCore, producer: KafkaProducer) async throws -> SessionEnd {
        let store = store
        let consumer = try KafkaConsumer.make(
            configuration: consumerConfiguration,
            assignment: .group(topics: settings.estateTopics, startOffsets: { [weak store] partitions in
                // On the poll thread, inside the assignment: start from the store, not the group.
                // Weak: librdkafka's handle may outlive the session, and the store must close
                // when the service ends.
                let stored = (try? store?.nextOffsets()) ?? [:]
                var starts: [TopicPartition: KafkaOffset] = [:]
                for partition in partitions {
                    starts[partition] = stored[InputPartition(topic: partition.topic, partition: partition.partition)].map { .exactly($0) } ?? .beginning
                }
                return starts
            }),
            logger: logger)
        do {
            try await checkCoPartitioned(consumer)
            let end = try await consume(consumer, &core, producer: producer)
            await consumer.close()
            return end
        } catch {
            await consumer.close()
            throw error
        }
    }

    /// Refuses to run when the estate topics' partition counts differ (DESIGN.md 2).
    private func checkCoPartitioned(_ consumer: KafkaConsumer) async throws {
        var counts: [(String, Int)] = []
        for topic in settings.estateTopics { counts.append((topic, try await consumer.partitionCount(topic: topic))) }
        guard Set(counts.map(\.1)).count == 1 else {
            throw MirrorError(
                "the estate topics are not co-partitioned: \(counts.map { "\($0.0) has \($0.1)" }.joined(separator: ", ")) partitions; they must be equal (DESIGN.md 2)")
        }
    }

    /// The store write of the latest batch, running on the store's thread while the next
    /// batch is decoded. At most one: each batch's write waits for the previous one, and every
    /// other event (rebalance, measure, the end) waits for it first.
    private struct WriteInFlight {
        let task: Task<Void, any Error>
        let plan: MirrorPlan
    }

    private func consume(_ consumer: KafkaConsumer, _ core: inout MirrorCore, producer: KafkaProducer) async throws -> SessionEnd {
        var inFlight: WriteInFlight?
        do {
            let end = try await consumeEvents(consumer, &core, producer: producer, inFlight: &inFlight)
            try await settle(&inFlight, &core, consumer: consumer)
            return end
        } catch {
            try? await inFlight?.task.value
            throw error
        }
    }

    private func consumeEvents(
        _ consumer: KafkaConsumer, _ core: inout MirrorCore, producer: KafkaProducer, inFlight: inout WriteInFlight?
    ) async throws -> SessionEnd {
        var nextMeasure = ContinuousClock.now.advanced(by: settings.watermarkInterval)
        while !Task.isShuttingDownGracefully {
            try Task.checkCancellation()
            let event: KafkaConsumerEvent?
            do {
                event = try await consumer.nextEvent(before: nextMeasure)
            } catch let error as KafkaError where error.code == .timeout {
                event = .records([])
            } catch is CancellationError {
                return .stopped
            }
            guard let event else { return .stopped }
            switch event {
            case .records(let records):
                for start in stride(from: 0, to: records.count, by: settings.maxBatchSize) {
                    let chunk = Array(records[start..<min(records.count, start + settings.maxBatchSize)])
                    let verdicts = await Self.verdicts(of: chunk, lanes: settings.decodeParallelism)
                    try await apply(core.plan(chunk, verdicts: verdicts), to: &core, producer: producer, consumer: consumer, inFlight: &inFlight)
                }
            case .partitionsAssigned(let starts):
                try await settle(&inFlight, &core, consumer: consumer)
                let stored = try await storeExecutor.run { [store] in try store.nextOffsets() }
                switch core.assigned(starts, stored: stored) {
                case .refuse(let message):
                    throw MirrorError(message)
                case .restartConsumer(let why):
                    logger.warning("consumer restarted: start offsets out of date", metadata: [LogKey.reason: .string(why)])
                    return .restart
                case .own(let gained, let drop):
                    for partition in drop {
                        try await storeExecutor.run { [store] in try store.drop(partition: partition) }
                    }
                    ownership.assign(gained)
                    logger.info("partitions assigned", metadata: [
                        LogKey.partitions: .string(gained.map(String.init).joined(separator: ",")),
                        "estate.dropped": .string(drop.map(String.init).joined(separator: ",")),
                    ])
                }
            case .partitionsRevoked(let partitions):
                try await settle(&inFlight, &core, consumer: consumer)
                let lost = core.revoked(partitions)
                ownership.revoke(lost)
                logger.info("partitions revoked", metadata: [LogKey.partitions: .string(lost.map(String.init).joined(separator: ","))])
            case .endOfPartition:
                break
            case .error(let error):
                if error.isFatal { throw error }
                logger.warning("consumer error", metadata: [LogKey.error: "\(error)"])
            }
            if ContinuousClock.now >= nextMeasure {
                try await settle(&inFlight, &core, consumer: consumer)
                try await measure(consumer, &core)
                nextMeasure = ContinuousClock.now.advanced(by: settings.watermarkInterval)
            }
        }
        return .stopped
    }

    /// Each record's verdict (`MirrorCore.verdict`), decoded in `lanes` contiguous slices at once.
    static func verdicts(of records: [KafkaRecord], lanes: Int) async -> [Result<StoreFact, Rejection>] {
        let decoder = EstateEventDecoder()
        guard lanes > 1, records.count >= 2 * lanes else {
            return records.map { MirrorCore.verdict(of: $0, decoder: decoder) }
        }
        let size = (records.count + lanes - 1) / lanes
        return await withTaskGroup(of: (Int, [Result<StoreFact, Rejection>]).self) { group in
            for lane in 0..<lanes {
                let slice = records[min(records.count, lane * size)..<min(records.count, (lane + 1) * size)]
                group.addTask { (lane, slice.map { MirrorCore.verdict(of: $0, decoder: decoder) }) }
            }
            var slices = [[Result<StoreFact, Rejection>]](repeating: [], count: lanes)
            for await (lane, verdicts) in group { slices[lane] = verdicts }
            return slices.flatMap { $0 }
        }
    }

    /// Dead letters first, awaited; then the one store update (started here, finished by
    /// `settle`); then the lag-only commit.
    private func apply(
        _ plan: MirrorPlan, to core: inout MirrorCore, producer: KafkaProducer, consumer: KafkaConsumer, inFlight: inout WriteInFlight?
    ) async throws {
        guard !plan.isEmpty else { return }
        if !plan.deadLetters.isEmpty {
            for letter in plan.deadLetters {
                try await producer.send(letter.producerRecord(topic: settings.deadLetterTopic))
                logger.debug("record rejected", metadata: [
                    LogKey.partition: "\(letter.source.topicPartition)", LogKey.reason: .string(letter.rejection.reason.rawValue),
                ])
            }
            let tally = try await producer.awaitDeliveries(timeout: settings.deadLetterTimeout)
            guard tally.failed == 0 else {
                throw MirrorError("\(tally.failed) dead letters to \(settings.deadLetterTopic) were not delivered (first: \(tally.failures.first.map { "\($0.result)" } ?? "?")); the batch is not applied")
            }
        }
        try await settle(&inFlight, &core, consumer: consumer)
        let update = plan.update
        let (store, executor) = (store, storeExecutor)
        inFlight = WriteInFlight(task: Task { try await executor.run { try store.apply(update) } }, plan: plan)
    }

    /// Waits for the write in flight, then advances the core, counts, and commits the group's
    /// offsets for lag monitoring.
    private func settle(_ inFlight: inout WriteInFlight?, _ core: inout MirrorCore, consumer: KafkaConsumer) async throws {
        guard let write = inFlight else { return }
        inFlight = nil
        try await write.task.value
        core.committed(write.plan)
        metrics.record(write.plan)
        let offsets = write.plan.update.nextOffsets.sorted { $0.key < $1.key }
            .map { TopicPartitionOffset($0.key.topic, $0.key.partition, .exactly($0.value)) }
        do {
            try consumer.commitAsync(offsets)
        } catch {
            logger.warning("lag commit failed", metadata: [LogKey.error: "\(error)"])
        }
    }

    /// Positions against high watermarks: catch-up of building partitions, and the lag gauge
    /// of every owned input partition. The watermarks are those of the consumer's latest fetch
    /// response (no request: a query waits behind the broker's fetch long-poll); a partition
    /// not fetched yet is asked of its leader.
    private func measure(_ consumer: KafkaConsumer, _ core: inout MirrorCore) async throws {
        var marks: [InputPartition: Watermarks] = [:]
        for number in core.owned.keys {
            for topic in settings.estateTopics {
                let input = InputPartition(topic: topic, partition: number)
                let partition = TopicPartition(topic, number)
                let watermarks: Watermarks
                if let cached = try? consumer.cachedWatermarks(partition), cached.high >= 0, cached.low >= 0 {
                    watermarks = cached
                } else {
                    do {
                        watermarks = try await consumer.queryWatermarks(partition, timeout: .seconds(5))
                    } catch {
                        logger.warning("watermarks unavailable", metadata: [LogKey.partition: "\(partition)", LogKey.error: "\(error)"])
                        continue
                    }
                }
                marks[input] = watermarks
                metrics.recordLag(input, lag: watermarks.high - core.position(input, low: watermarks.low))
            }
        }
        let caughtUp = core.measured(marks)
        for number in caughtUp {
            ownership.markCaughtUp(number)
            logger.info("partition caught up", metadata: [LogKey.partition: .stringConvertible(number)])
        }
        if !caughtUp.isEmpty, core.owned.values.allSatisfy({ $0 == .caughtUp }) {
            onCaughtUp?(core.owned.keys.sorted())
        }
    }
}
