import CRdKafka

/// A Kafka error code a broker answers with, for injecting faults into the embedded cluster.
/// Extensible: any librdkafka error code can be named with `init(librdkafkaCode:)`.
public struct KafkaProtocolError: Hashable, Sendable, CustomStringConvertible {
    /// librdkafka's `rd_kafka_resp_err_t` value.
    public let librdkafkaCode: Int32

    public init(librdkafkaCode: Int32) {
        self.librdkafkaCode = librdkafkaCode
    }

    private init(_ code: rd_kafka_resp_err_t) {
        self.librdkafkaCode = code.rawValue
    }

    /// librdkafka's name for the code.
    public var description: String {
        String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: librdkafkaCode)))
    }

    /// Drop the connection instead of answering.
    public static let disconnect = KafkaProtocolError(RD_KAFKA_RESP_ERR__TRANSPORT)
    public static let notLeaderForPartition = KafkaProtocolError(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION)
    public static let leaderNotAvailable = KafkaProtocolError(RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE)
    public static let requestTimedOut = KafkaProtocolError(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT)
    public static let notEnoughReplicas = KafkaProtocolError(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS)
    public static let coordinatorNotAvailable = KafkaProtocolError(RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE)
    public static let notCoordinator = KafkaProtocolError(RD_KAFKA_RESP_ERR_NOT_COORDINATOR)
    public static let concurrentTransactions = KafkaProtocolError(RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS)
    public static let topicAuthorizationFailed = KafkaProtocolError(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
    public static let messageTooLarge = KafkaProtocolError(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
    public static let invalidRecord = KafkaProtocolError(RD_KAFKA_RESP_ERR_INVALID_RECORD)
    public static let unknownTopicOrPartition = KafkaProtocolError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
}
