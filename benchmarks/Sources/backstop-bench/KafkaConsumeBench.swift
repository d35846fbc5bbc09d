import CRdKafka
import Foundation
import Kafka
import Logging

/// `kafka-consume`: how fast the Swift `KafkaConsumer` hands records over, against a plain
/// `rd_kafka_consumer_poll` loop calling librdkafka directly, on the same embedded cluster
/// and the same 1,000,000 records, in one process. Goal: the wrapper at least 80 % of raw.
///
/// The embedded cluster keeps at most 5 MiB per partition (DESIGN.md 7), so the records are
/// small, lz4-compressed and spread over 16 partitions; the low watermarks are checked to be
/// 0 before measuring, so nothing was dropped.
enum KafkaConsumeBench: Benchmark {
    static let name = "kafka-consume"
    static let summary = "consume 1,000,000 records: Swift KafkaConsumer batches vs a raw rd_kafka_consumer_poll loop"

    static let recordCount = 1_000_000
    static let partitions: Int32 = 16
    static let rounds = 3

    static func run() async throws {
        var logger = Logger(label: "bench.kafka-consume", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: logger)
        let topic = "bench.consume"
        try cluster.createTopic(topic, partitions: Int(partitions))
        try await produce(cluster: cluster, topic: topic, logger: logger)

        var raw: [Rate] = []
        var wrapped: [Rate] = []
        for round in 1...rounds {
            raw.append(try rawRate(cluster: cluster, topic: topic, round: round))
            wrapped.append(try await wrapperRate(cluster: cluster, topic: topic, round: round, logger: logger))
            print("round \(round): raw \(raw.last!), KafkaConsumer \(wrapped.last!)")
        }
        // The machine is shared: wall-clock rates swing with other load. The process's CPU
        // time (all its threads, the embedded brokers' included, the same for both) is steadier.
        let bestRaw = raw.map(\.wall).max()!
        let bestWrapped = wrapped.map(\.wall).max()!
        let bestRawCPU = raw.map(\.perCPUSecond).max()!
        let bestWrappedCPU = wrapped.map(\.perCPUSecond).max()!
        print("raw rd_kafka_consumer_poll: \(Int(bestRaw)) msgs/s, \(Int(bestRawCPU)) msgs per CPU-second (best of \(rounds))")
        print("KafkaConsumer batches:      \(Int(bestWrapped)) msgs/s, \(Int(bestWrappedCPU)) msgs per CPU-second (best of \(rounds))")
        print(String(format: "ratio: %.1f %% of raw by wall clock, %.1f %% by CPU time (goal ≥ 80 %%)",
                     100 * bestWrapped / bestRaw, 100 * bestWrappedCPU / bestRawCPU))
    }

    /// A consumption rate by wall clock and by the process's CPU time.
    struct Rate: CustomStringConvertible {
        let wall: Double
        let perCPUSecond: Double
        var description: String { "\(Int(wall)) msgs/s (\(Int(perCPUSecond)) per CPU-second)" }

        /// Measures from `start` (a wall instant and the CPU seconds then) to now.
        init(since start: (wall: ContinuousClock.Instant, cpu: Double)) {
            let elapsed = ContinuousClock.now - start.wall
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            wall = Double(KafkaConsumeBench.recordCount) / seconds
            perCPUSecond = Double(KafkaConsumeBench.recordCount) / (Rate.processCPUSeconds() - start.cpu)
        }

        static func now() -> (wall: ContinuousClock.Instant, cpu: Double) {
            (ContinuousClock.now, processCPUSeconds())
        }

        /// User and system time of every thread of this process.
        static func processCPUSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
    }

    /// 1,000,000 records of about 40 bytes, keyed like NINOs, lz4 in large batches.
    static func produce(cluster: EmbeddedCluster, topic: String, logger: Logger) async throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.compression = .lz4
        configuration.linger = .milliseconds(50)
        configuration.additionalProperties = ["batch.num.messages": "10000", "batch.size": "1000000"]
        let producer = try KafkaProducer.make(configuration: configuration, logger: logger)
        let start = ContinuousClock.now
        for i in 0..<recordCount {
            try await producer.send(KafkaProducerRecord(
                topic: topic, key: Array("AB\(100_000 + i % 900_000)C".utf8),
                value: Array("{\"seq\":\(i),\"amountPence\":\(i % 10_000)}".utf8)))
        }
        let tally = try await producer.awaitDeliveries(timeout: .seconds(300))
        precondition(tally.delivered == recordCount && tally.failed == 0, "not every record was delivered: \(tally)")
        try await producer.close()
        print("produced \(recordCount) records in \(ContinuousClock.now - start)")

        let probe = try KafkaConsumer.make(
            configuration: KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: "bench-probe"),
            assignment: .partitions([]), logger: logger)
        var total: Int64 = 0
        for partition in 0..<partitions {
            let marks = try await probe.queryWatermarks(TopicPartition(topic, partition))
            precondition(marks.low == 0, "the embedded cluster dropped records of partition \(partition): raise the partition count")
            total += marks.high
        }
        await probe.close()
        precondition(total == Int64(recordCount), "the topic holds \(total) records, not \(recordCount)")
    }

    /// The baseline: librdkafka's C API, one `rd_kafka_consumer_poll` per record, reading the
    /// key and value lengths so the loop does some work per record.
    static func rawRate(cluster: EmbeddedCluster, topic: String, round: Int) throws -> Rate {
        let conf = rd_kafka_conf_new()!
        // The same librdkafka settings as KafkaConsumerConfiguration's defaults, prefetch
        // included, so only the code differs.
        let defaults = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: "bench-raw-\(round)")
        let properties = [
            ("bootstrap.servers", cluster.bootstrapServersValue), ("group.id", defaults.groupID),
            ("enable.auto.commit", "false"), ("enable.auto.offset.store", "false"),
            ("isolation.level", defaults.isolationLevel.rawValue),
            ("queued.min.messages", String(defaults.maxPrefetchedMessages)),
            ("queued.max.messages.kbytes", String(defaults.maxPrefetchedKilobytes)),
        ]
        // Timed from the client's creation, as the wrapper is.
        let start = Rate.now()
        var message = [CChar](repeating: 0, count: 512)
        for (name, value) in properties {
            precondition(rd_kafka_conf_set(conf, name, value, &message, message.count) == RD_KAFKA_CONF_OK)
        }
        // rd_kafka_new takes the conf on success.
        guard let rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &message, message.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(.client, message: "raw consumer")
        }
        defer { rd_kafka_destroy(rk) }
        rd_kafka_poll_set_consumer(rk)
        let list = rd_kafka_topic_partition_list_new(partitions)!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in 0..<partitions {
            rd_kafka_topic_partition_list_add(list, topic, partition)!.pointee.offset = Int64(RD_KAFKA_OFFSET_BEGINNING)
        }
        precondition(rd_kafka_assign(rk, list) == RD_KAFKA_RESP_ERR_NO_ERROR)
        let bytes = drainRaw(rk, count: recordCount)
        let measured = Rate(since: start)
        precondition(bytes > 0)
        rd_kafka_consumer_close(rk)
        return measured
    }

    /// The wrapper: `KafkaConsumer` with explicit partitions, records read from its batches.
    static func wrapperRate(cluster: EmbeddedCluster, topic: String, round: Int, logger: Logger) async throws -> Rate {
        let configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: "bench-swift-\(round)")
        let start = Rate.now()
        let consumer = try KafkaConsumer.make(
            configuration: configuration,
            assignment: .partitions((0..<partitions).map { TopicPartitionOffset(topic, $0, .beginning) }),
            logger: logger)
        var count = 0
        var bytes = 0
        while count < recordCount, let event = try await consumer.nextEvent() {
            guard case .records(let batch) = event else { continue }
            count += batch.count
            for record in batch { bytes += (record.value?.count ?? 0) + (record.key?.count ?? 0) }
        }
        let measured = Rate(since: start)
        precondition(count == recordCount && bytes > 0)
        await consumer.close()
        return measured
    }
}
