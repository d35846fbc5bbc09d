import CRdKafka
import Logging

/// The embedded Kafka cluster: librdkafka's mock cluster, the Kafka protocol over real TCP,
/// in this process and in memory (DESIGN.md 7). Brokers are numbered 1…N and listen on
/// ports the kernel chooses; `bootstrapServers` says where.
///
/// Its limits in librdkafka 2.0.2 (`src/rdkafka_mock.c` at v2.0.2), which callers must respect:
/// - each partition keeps at most 5 MiB or 100,000 record batches; older batches are dropped
///   silently (the log start moves): use enough partitions, compress and batch;
/// - aborted transactions are not filtered from read_committed consumers, no transaction
///   markers are written, and offsets sent with a transaction are not stored;
/// - looking up offsets by timestamp is not implemented (always -1);
/// - no compaction and no admin API: topics are made with `createTopic`;
/// - the first join of an empty consumer group waits 3 s;
/// - everything lives in memory and dies with this object.
///
/// Fault controls (`setBrokerDown`, `pushRequestErrors`, …) act on the running cluster.
public final class EmbeddedCluster: @unchecked Sendable {
    // `cluster` must be destroyed before `handle`, which it was created with: deinit destroys
    // the cluster explicitly, and the handle goes when the stored properties are released.
    // The mock API is thread-safe (each call is an operation queued to the cluster's thread,
    // or takes the cluster's lock), hence @unchecked Sendable.
    private let handle: RDKafkaHandle
    private let cluster: OpaquePointer
    public let brokerCount: Int
    /// `host:port` of each broker.
    public let bootstrapServers: [String]
    private let logger: Logger

    private init(handle: RDKafkaHandle, cluster: OpaquePointer, brokerCount: Int, logger: Logger) {
        self.handle = handle
        self.cluster = cluster
        self.brokerCount = brokerCount
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
            .split(separator: ",").map(String.init)
        self.logger = logger
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }

    /// Starts a cluster of `brokers` brokers (1...32).
    public static func start(brokers: Int = 3, logger: Logger) throws -> EmbeddedCluster {
        precondition((1...32).contains(brokers), "an embedded cluster has 1 to 32 brokers")
        // The mock cluster needs an rd_kafka_t of its own for its bookkeeping; it connects
        // nowhere itself.
        let handle = try RDKafkaHandle.make(
            kind: .producer,
            // log_level 4: its notice that it has no bootstrap.servers is expected, not news.
            properties: [("client.id", "backstop-embedded-cluster"), ("log_level", "4")],
            callbacks: RDKafkaCallbacks(logger: logger, onError: { error in
                logger.warning("embedded cluster error", metadata: [LogKey.kafkaError: "\(error)"])
            }))
        guard let cluster = rd_kafka_mock_cluster_new(handle.pointer, Int32(brokers)) else {
            throw KafkaError(.embeddedCluster, message: "librdkafka could not start a mock cluster of \(brokers) brokers")
        }
        return EmbeddedCluster(handle: handle, cluster: cluster, brokerCount: brokers, logger: logger)
    }

    /// The `bootstrap.servers` value: the brokers' addresses, comma-separated.
    public var bootstrapServersValue: String { bootstrapServers.joined(separator: ",") }

    /// Creates `name` with `partitions` partitions. The replication factor is capped at the
    /// broker count.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws {
        precondition(partitions >= 1, "a topic has at least one partition")
        let replicas = min(max(replicationFactor, 1), brokerCount)
        let result = rd_kafka_mock_topic_create(cluster, name, Int32(clamping: partitions), Int32(replicas))
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.embeddedCluster, resp: result, context: "creating topic \(name)")
        }
    }

    /// Disconnects `broker` (1…N) and refuses new connections. Leadership does not move.
    public func setBrokerDown(_ broker: Int32) throws {
        try check(rd_kafka_mock_broker_set_down(cluster, broker), "setting broker \(broker) down")
    }

    /// Lets `broker` accept connections again.
    public func setBrokerUp(_ broker: Int32) throws {
        try check(rd_kafka_mock_broker_set_up(cluster, broker), "setting broker \(broker) up")
    }

    /// Delays every response of `broker` by `roundTripTime`.
    public func setRoundTripTime(_ roundTripTime: Duration, broker: Int32) throws {
        try check(
            rd_kafka_mock_broker_set_rtt(cluster, broker, roundTripTime.clampedMilliseconds),
            "setting the round-trip time of broker \(broker)")
    }

    /// Makes `broker` the leader of one partition.
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws {
        try check(
            rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker),
            "moving the leader of \(topic)[\(partition)] to broker \(broker)")
    }

    /// The next `errors.count` requests of type `api`, to any broker, fail with these errors
    /// in order.
    public func pushRequestErrors(_ api: KafkaAPIKey, _ errors: [KafkaProtocolError]) {
        let codes = errors.map { rd_kafka_resp_err_t(rawValue: $0.librdkafkaCode) }
        rd_kafka_mock_push_request_errors_array(cluster, api.rawValue, codes.count, codes)
    }

    /// Forgets the injected errors of `api` not yet used.
    public func clearRequestErrors(_ api: KafkaAPIKey) {
        rd_kafka_mock_clear_request_errors(cluster, api.rawValue)
    }

    private func check(_ result: rd_kafka_resp_err_t, _ what: String) throws {
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.embeddedCluster, resp: result, context: what)
        }
    }
}
