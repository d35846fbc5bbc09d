import CRdKafka

extension KafkaError {
    /// An error from a plain `rd_kafka_resp_err_t`. librdkafka classifies only its
    /// `rd_kafka_error_t` objects; for bare codes the transient network, leadership and
    /// coordinator conditions are marked retriable here.
    init(
        _ code: Code,
        resp: rd_kafka_resp_err_t,
        context: String,
        function: String = #function,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.init(
            code,
            message: "\(context): \(String(cString: rd_kafka_err2str(resp)))",
            librdkafkaCode: resp.rawValue,
            librdkafkaName: String(cString: rd_kafka_err2name(resp)),
            isRetriable: Self.retriableCodes.contains(resp.rawValue),
            isFatal: resp == RD_KAFKA_RESP_ERR__FATAL,
            function: function, file: file, line: line)
    }

    /// An error from an `rd_kafka_error_t`, keeping librdkafka's classification (which marks
    /// only some transient codes retriable, so the codes retriable for a bare code count too).
    /// Takes ownership of `error` and destroys it.
    init(
        _ code: Code,
        consuming error: OpaquePointer,
        context: String,
        function: String = #function,
        file: String = #fileID,
        line: Int = #line
    ) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code,
            message: "\(context): \(String(cString: rd_kafka_error_string(error)))",
            librdkafkaCode: rd_kafka_error_code(error).rawValue,
            librdkafkaName: String(cString: rd_kafka_error_name(error)),
            isRetriable: rd_kafka_error_is_retriable(error) != 0
                || Self.retriableCodes.contains(rd_kafka_error_code(error).rawValue),
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            txnRequiresAbort: rd_kafka_error_txn_requires_abort(error) != 0,
            function: function, file: file, line: line)
    }

    private static let retriableCodes: Set<Int32> = Set([
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__QUEUE_FULL,
        RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
        RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
        RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
    ].map(\.rawValue))
}
