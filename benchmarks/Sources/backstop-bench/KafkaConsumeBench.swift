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
    static let rounds = 2

    static func run() async throws {
        var logger = Logger(label: "bench.kafka-consume", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: logger)
        let topic = "bench.consume"
        try cluster.createTopic(topic, partitions: Int(partitions))
        try await produce(cluster: cluster, topic: topic, logger: logger)

        var raw: [Double] = []
        var wrapped: [Double] = []
        for round in 1...rounds {
            raw.append(try rawRate(cluster: cluster, topic: topic, round: round))
            wrapped.append(try await wrapperRate(cluster: cluster, topic: topic, round: round, logger: logger))
            print("round \(round): raw \(Int(raw.last!)) msgs/s, KafkaConsumer \(Int(wrapped.last!)) msgs/s")
        }
        let bestRaw = raw.max()!
        let bestWrapped = wrapped.max()!
        print("raw rd_kafka_consumer_poll: \(Int(bestRaw)) msgs/s (best of \(rounds))")
        print("KafkaConsumer batches:      \(Int(bestWrapped)) msgs/s (best of \(rounds))")
        print(String(format: "ratio: %.1f %% of raw (goal ≥ 80 %%)", 100 * bestWrapped / bestRaw))
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
    static func rawRate(cluster: EmbeddedCluster, topic: String, round: Int) throws -> Double {
        let conf = rd_kafka_conf_new()!
        let properties = [
            ("bootstrap.servers", cluster.bootstrapServersValue), ("group.id", "bench-raw-\(round)"),
            ("enable.auto.commit", "false"), ("enable.auto.offset.store", "false"),
        ]
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
        let start = ContinuousClock.now
        precondition(rd_kafka_assign(rk, list) == RD_KAFKA_RESP_ERR_NO_ERROR)
        var count = 0
        var bytes = 0
        while count < recordCount {
            guard let m = rd_kafka_consumer_poll(rk, 100) else { continue }
            if m.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                count += 1
                bytes += m.pointee.len + m.pointee.key_len
            }
            rd_kafka_message_destroy(m)
        }
        let elapsed = ContinuousClock.now - start
        precondition(bytes > 0)
        rd_kafka_consumer_close(rk)
        return rate(elapsed)
    }

    /// The wrapper: `KafkaConsumer` with explicit partitions, records read from its batches.
    static func wrapperRate(cluster: EmbeddedCluster, topic: String, round: Int, logger: Logger) async throws -> Double {
        let configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: "bench-swift-\(round)")
        let start = ContinuousClock.now
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
        let elapsed = ContinuousClock.now - start
        precondition(count == recordCount && bytes > 0)
        await consumer.close()
        return rate(elapsed)
    }

    static func rate(_ elapsed: Duration) -> Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(recordCount) / seconds
    }
}
