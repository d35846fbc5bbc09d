import CRdKafka
import Entitlements
import Foundation
import Kafka
import Logging
import Metrics
import Pipeline
import Simulation
import Store

/// `mirror-ingest`: the mirror stage ingesting a simulated estate of over 1,000,000 events
/// into the durable store (synced atomic updates), against a raw `rd_kafka_consumer_poll`
/// loop reading the same three topics in the same run. Goal: the mirror at least 50 % of raw.
/// Also: the time a caught-up process holding that store takes to be ready again (goal < 5 s;
/// the embedded broker's first join of an empty group waits 3 s of it), and peak memory
/// (VmHWM; the embedded broker holds the whole estate in this same process).
///
/// The embedded broker keeps 5 MiB per partition (DESIGN.md 7): 120,000 claimants (about
/// 1,120,000 events) on 48 partitions a topic, zstd. On noida-db (`--broker noida`), which keeps
/// every record, 1,000,000 claimants (about 9,300,000 events) on the 12 partitions a topic of
/// topics.yaml. Either way the low watermarks are checked to be 0, so nothing was dropped.
enum MirrorIngestBench: BrokerBenchmark {
    static let name = "mirror-ingest"
    static let summary = "mirror a simulated estate (> 1,000,000 events) into the durable store vs a raw consume of the same topics"

    static func defaultClaimants(on broker: BrokerChoice) -> Int {
        switch broker {
        case .embedded: 120_000
        case .noida: 1_000_000
        }
    }

    static func run(on choice: BrokerChoice, claimants: Int?) async throws {
        var logger = Logger(label: "bench.mirror-ingest", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        let claimants = claimants ?? defaultClaimants(on: choice)
        let catalog = try TopicCatalog.load(path: "topics/topics.yaml")
        let broker = try await BenchBroker.start(choice, logger: logger)
        let partitions = try await broker.createCatalogTopics(catalog, embeddedPartitions: 48)
        print("\(choice.label), \(partitions) partitions per estate topic")
        do {
            try await measure(broker, partitions: Int32(partitions), claimants: claimants, logger: logger)
        } catch {
            await broker.stop()
            throw error
        }
        await broker.stop()
    }

    static func measure(_ broker: BenchBroker, partitions: Int32, claimants: Int, logger: Logger) async throws {
        let simulator = try EstateSimulator(settings: SimulationSettings(claimants: claimants, seed: 42, asOf: try CalendarDate("2026-11-20")))
        var publisher = EstatePublisher(bootstrapServers: broker.bootstrapServers)
        publisher.linger = .milliseconds(50)
        let published = try await publisher.publish(simulator, logger: logger, progress: false)
        let total = published.total
        if total < 1_000_000 { print("note: \(total) events, fewer than the 1,000,000 the recorded figures need") }
        try await checkNothingDropped(broker, partitions: partitions, total: total, logger: logger)
        print("published \(total) events of \(claimants) claimants in \(published.elapsed); \(memory()); \(broker.footprint)")

        let raw = try rawRate(broker, partitions: partitions, total: total)
        print("raw rd_kafka_consumer_poll of the three topics: \(Int(raw)) events/s")

        let (decodeOnly, planOnly) = stepRates(simulator)
        print("in memory, no Kafka: EstateEventDecoder alone \(Int(decodeOnly)) events/s; the mirror's whole pure step \(Int(planOnly)) events/s")
        let decoded = try await decodeRate(broker, partitions: partitions, total: total, logger: logger)
        print("KafkaConsumer + decode into store updates, no store: \(Int(decoded)) events/s (\(String(format: "%.1f", 100 * decoded / raw)) % of raw)")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mirror-bench-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var configuration = BackstopConfiguration(bootstrapServers: broker.bootstrapServers, stateDirectory: folder)
        configuration.groupID = "bench-mirror"
        configuration.consumerProperties = broker.consumerProperties
        configuration.mirror.watermarkInterval = .milliseconds(100)
        if let batch = ProcessInfo.processInfo.environment["MIRROR_BATCH"].flatMap(Int.init) { configuration.mirror.maxBatchSize = batch }
        print("mirror batch size: \(configuration.mirror.maxBatchSize)")

        let (ingest, _) = try await mirror(configuration, partitions: partitions, logger: logger)
        let rate = Double(total) / seconds(ingest)
        print("mirror into the durable store: \(Int(rate)) events/s (\(ingest) from assignment to caught up); \(memory())")
        print(String(format: "ratio: %.1f %% of raw (goal ≥ 50 %%)", 100 * rate / raw))

        // A new group: the embedded broker keeps a departed member until its session times
        // out, a wait a real broker (which honours LeaveGroup) does not have.
        configuration.groupID = "bench-mirror-restart"
        let (caughtUp, ready) = try await mirror(configuration, partitions: partitions, logger: logger)
        let joining = broker.choice == .embedded ? "the rest is the embedded broker's 3 s first join" : "the rest is joining the group"
        print("restart of a caught-up process: ready in \(ready) from start, \(caughtUp) of it from assignment (goal < 5 s; \(joining))")
        print("peak memory: \(memory())")
    }

    /// Runs the service until every partition is caught up: returns the time from assignment
    /// to catch-up, and from the start to catch-up.
    static func mirror(_ configuration: BackstopConfiguration, partitions: Int32, logger: Logger) async throws -> (ingest: Duration, ready: Duration) {
        let start = ContinuousClock.now
        weak var store: EntitlementStore?
        var assigned: ContinuousClock.Instant?
        let done: ContinuousClock.Instant
        do {
            let service = try BackstopService.make(
                configuration: configuration, metrics: NOOPMetricsHandler.instance, logger: logger, gracefulShutdownSignals: [])
            store = service.store
            let running = Task { try await service.group.run() }
            while !(service.ownership.owned.count == Int(partitions) && service.ownership.isCaughtUp) {
                if assigned == nil && !service.ownership.owned.isEmpty { assigned = ContinuousClock.now }
                try await Task.sleep(for: .milliseconds(2))
            }
            done = ContinuousClock.now
            await service.group.triggerGracefulShutdown()
            try await running.value
        }
        // The store closes when the group's tasks have let go of it; the next run reopens it.
        while store != nil { try await Task.sleep(for: .milliseconds(10)) }
        return (done - (assigned ?? start), done - start)
    }

    /// Where the time goes, without Kafka: the decoder alone, and `MirrorCore.plan` (decoder,
    /// key check, facts, offsets) over the same 200,000 records held in memory.
    static func stepRates(_ simulator: EstateSimulator) -> (decoder: Double, plan: Double) {
        let count = min(200_000, simulator.count)
        let records = (0..<count).map { i in
            let r = simulator.record(at: i)
            return KafkaRecord(topic: r.topic.rawValue, partition: 0, offset: Int64(i), key: Array(r.key.utf8), value: r.value,
                               headers: [], timestamp: KafkaTimestamp(milliseconds: r.timestampMilliseconds, kind: .createTime))
        }
        let decoder = EstateEventDecoder()
        var start = ContinuousClock.now
        var decodedCount = 0
        for record in records {
            if case .success = decoder.decode(record.value, topic: EstateTopic(rawValue: record.topic)!) { decodedCount += 1 }
        }
        let decodeElapsed = ContinuousClock.now - start
        precondition(decodedCount == count)
        var core = MirrorCore(topics: TopicCatalog.estateTopics)
        _ = core.assigned(TopicCatalog.estateTopics.map { TopicPartitionOffset($0, 0, .beginning) }, stored: [:])
        start = ContinuousClock.now
        var facts = 0
        for batch in stride(from: 0, to: count, by: 10_000) {
            let plan = core.plan(Array(records[batch..<min(count, batch + 10_000)]))
            facts += plan.update.facts.count
            core.committed(plan)
        }
        let planElapsed = ContinuousClock.now - start
        precondition(facts == count)
        return (Double(count) / seconds(decodeElapsed), Double(count) / seconds(planElapsed))
    }

    /// Where the time goes: the Swift consumer and the mirror's pure step (decode, key check,
    /// facts and offsets), without the store.
    static func decodeRate(_ broker: BenchBroker, partitions: Int32, total: Int, logger: Logger) async throws -> Double {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: broker.bootstrapServers, groupID: "bench-decode")
        configuration.maxBatchSize = 10_000
        configuration.additionalProperties = broker.consumerProperties
        let inputs = TopicCatalog.estateTopics.flatMap { topic in (0..<partitions).map { TopicPartitionOffset(topic, $0, .beginning) } }
        let start = ContinuousClock.now
        let consumer = try KafkaConsumer.make(configuration: configuration, assignment: .partitions(inputs), logger: logger)
        var core = MirrorCore(topics: TopicCatalog.estateTopics)
        _ = core.assigned(inputs, stored: [:])
        var count = 0
        var facts = 0
        while count < total, let event = try await consumer.nextEvent() {
            guard case .records(let batch) = event else { continue }
            let plan = core.plan(batch)
            core.committed(plan)
            count += batch.count
            facts += plan.update.facts.count
        }
        let elapsed = ContinuousClock.now - start
        precondition(facts == total, "decoded \(facts) facts of \(total) events")
        await consumer.close()
        return Double(total) / seconds(elapsed)
    }

    static func checkNothingDropped(_ broker: BenchBroker, partitions: Int32, total: Int, logger: Logger) async throws {
        let probe = try KafkaConsumer.make(
            configuration: KafkaConsumerConfiguration(bootstrapServers: broker.bootstrapServers, groupID: "bench-probe"),
            assignment: .partitions([]), logger: logger)
        var held: Int64 = 0
        for topic in TopicCatalog.estateTopics {
            for partition in 0..<partitions {
                let marks = try await probe.queryWatermarks(TopicPartition(topic, partition))
                precondition(marks.low == 0, "\(broker.choice.label) dropped records of \(topic)[\(partition)]")
                held += marks.high
            }
        }
        await probe.close()
        precondition(held == Int64(total), "the topics hold \(held) records, not \(total)")
    }

    /// The baseline: librdkafka's C API reading every partition of the three topics.
    static func rawRate(_ broker: BenchBroker, partitions: Int32, total: Int) throws -> Double {
        let conf = rd_kafka_conf_new()!
        var message = [CChar](repeating: 0, count: 512)
        for (name, value) in [("bootstrap.servers", broker.bootstrapServersValue), ("group.id", "bench-raw"),
                              ("enable.auto.commit", "false"), ("enable.auto.offset.store", "false")] + broker.consumerProperties.map({ ($0.key, $0.value) }) {
            precondition(rd_kafka_conf_set(conf, name, value, &message, message.count) == RD_KAFKA_CONF_OK)
        }
        // rd_kafka_new takes the conf on success.
        guard let rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &message, message.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(.client, message: "raw consumer")
        }
        defer { rd_kafka_destroy(rk) }
        rd_kafka_poll_set_consumer(rk)
        let list = rd_kafka_topic_partition_list_new(3 * partitions)!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in TopicCatalog.estateTopics {
            for partition in 0..<partitions {
                rd_kafka_topic_partition_list_add(list, topic, partition)!.pointee.offset = Int64(RD_KAFKA_OFFSET_BEGINNING)
            }
        }
        let start = ContinuousClock.now
        precondition(rd_kafka_assign(rk, list) == RD_KAFKA_RESP_ERR_NO_ERROR)
        let bytes = drainRaw(rk, count: total)
        let elapsed = ContinuousClock.now - start
        precondition(bytes > 0)
        rd_kafka_consumer_close(rk)
        return Double(total) / seconds(elapsed)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// VmHWM (peak resident memory) of this process.
    static func memory() -> String { "VmHWM \(peakResidentMemory())" }
}
