import CRdKafka
import Logging

/// The admin side of a cluster (DESIGN.md 7, `backstop topics apply`): what topics exist with
/// how many partitions, how many brokers there are, and creating topics with partitions,
/// replication factor and configs (librdkafka's `rd_kafka_CreateTopics`). A broker without an
/// admin API (the embedded one) answers CreateTopics with an error, reported per call.
/// Blocking librdkafka calls run on the admin's own executor, off the cooperative pool.
public final class KafkaAdmin: Sendable {
    private let handle: RDKafkaHandle
    private let executor: BlockingExecutor
    private let configuration: KafkaAdminConfiguration

    private init(handle: RDKafkaHandle, configuration: KafkaAdminConfiguration) {
        self.handle = handle
        self.executor = BlockingExecutor(label: "backstop.kafka.admin")
        self.configuration = configuration
    }

    /// Builds the client. No request is sent until the first call.
    public static func make(configuration: KafkaAdminConfiguration, logger: Logger) throws -> KafkaAdmin {
        // Errors raised outside a call (a broker down) are logged; each call reports its own.
        let callbacks = RDKafkaCallbacks(
            logger: logger,
            onError: { error in logger.warning("kafka admin client error", metadata: [LogKey.kafkaError: "\(error)"]) })
        // A producer handle: librdkafka's admin API works on any client, and a producer joins
        // no group.
        let handle = try RDKafkaHandle.make(
            kind: .producer, properties: try configuration.librdkafkaProperties(), callbacks: callbacks)
        return KafkaAdmin(handle: handle, configuration: configuration)
    }

    /// Brokers and partition counts of every topic, from one metadata request.
    public func clusterMetadata() async throws -> ClusterMetadata {
        let (handle, timeout) = (handle, configuration.requestTimeout)
        return try await executor.run {
            defer { rd_kafka_poll(handle.pointer, 0) }  // serves the error callback
            return try handle.clusterMetadata(timeout: timeout)
        }
    }

    /// Creates `topics` in one request; returns what the broker said for each, by name.
    /// Topics that exist already are reported `.alreadyExists` and left unchanged. Throws
    /// when the request as a whole fails (no broker, no admin API, timeout).
    public func createTopics(_ topics: [NewTopic]) async throws -> [String: TopicCreationOutcome] {
        guard !topics.isEmpty else { return [:] }
        let (handle, configuration) = (handle, configuration)
        return try await executor.run {
            defer { rd_kafka_poll(handle.pointer, 0) }
            return try handle.createTopics(
                topics, requestTimeout: configuration.requestTimeout, operationTimeout: configuration.operationTimeout)
        }
    }
}
