import CRdKafka

extension RDKafkaHandle {
    /// Sends one CreateTopics request for `topics` and waits for its result event, at most
    /// `requestTimeout` plus `operationTimeout` plus a margin. Blocks: call it through a
    /// `BlockingExecutor`. Every C object made here is destroyed here.
    func createTopics(
        _ topics: [NewTopic], requestTimeout: Duration, operationTimeout: Duration
    ) throws -> [String: TopicCreationOutcome] {
        precondition(!topics.isEmpty, "a CreateTopics request names at least one topic")
        var newTopics: [OpaquePointer?] = []
        // The NewTopic objects stay ours after rd_kafka_CreateTopics: destroyed on every path.
        defer { newTopics.withUnsafeMutableBufferPointer { rd_kafka_NewTopic_destroy_array($0.baseAddress, $0.count) } }
        for topic in topics {
            newTopics.append(try makeNewTopic(topic))
        }

        guard let options = rd_kafka_AdminOptions_new(pointer, RD_KAFKA_ADMIN_OP_CREATETOPICS) else {
            throw KafkaError(.admin, message: "librdkafka made no AdminOptions for CreateTopics")
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        var message = [CChar](repeating: 0, count: 512)
        let requestSet = rd_kafka_AdminOptions_set_request_timeout(
            options, requestTimeout.clampedMilliseconds, &message, message.count)
        guard requestSet == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.configuration, message: "admin request timeout rejected: \(String(cBuffer: message))")
        }
        let operationSet = rd_kafka_AdminOptions_set_operation_timeout(
            options, operationTimeout.clampedMilliseconds, &message, message.count)
        guard operationSet == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.configuration, message: "admin operation timeout rejected: \(String(cBuffer: message))")
        }

        // A queue of our own receives the one result event.
        let queue = rd_kafka_queue_new(pointer)
        defer { rd_kafka_queue_destroy(queue) }
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(pointer, buffer.baseAddress, buffer.count, options, queue)
        }
        let waitLimit = requestTimeout + operationTimeout + .seconds(5)
        guard let event = rd_kafka_queue_poll(queue, waitLimit.clampedMilliseconds) else {
            throw KafkaError(.timeout, message: "no CreateTopics result within \(waitLimit)")
        }
        defer { rd_kafka_event_destroy(event) }
        return try Self.readCreateTopicsResult(event)
    }

    private func makeNewTopic(_ topic: NewTopic) throws -> OpaquePointer {
        var message = [CChar](repeating: 0, count: 512)
        guard let newTopic = rd_kafka_NewTopic_new(
            topic.name, Int32(clamping: topic.partitions), Int32(clamping: topic.replicationFactor),
            &message, message.count)
        else {
            throw KafkaError(.admin, message: "topic \(topic.name) refused by librdkafka: \(String(cBuffer: message))")
        }
        for (name, value) in topic.configs.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_NewTopic_set_config(newTopic, name, value)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                rd_kafka_NewTopic_destroy(newTopic)
                throw KafkaError(.admin, resp: result, context: "config \(name)=\(value) of topic \(topic.name)")
            }
        }
        return newTopic
    }

    /// The outcome of each topic in a CreateTopics result event (owned by the caller).
    private static func readCreateTopicsResult(_ event: OpaquePointer) throws -> [String: TopicCreationOutcome] {
        let requestError = rd_kafka_event_error(event)
        guard requestError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let detail = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
            throw KafkaError(.admin, resp: requestError, context: "CreateTopics request (\(detail))")
        }
        guard rd_kafka_event_type(event) == RD_KAFKA_EVENT_CREATETOPICS_RESULT,
            let result = rd_kafka_event_CreateTopics_result(event)
        else {
            throw KafkaError(.admin, message: "CreateTopics answered with an event of type \(rd_kafka_event_type(event))")
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return [:] }
        var outcomes: [String: TopicCreationOutcome] = [:]
        for index in 0..<count {
            guard let topicResult = results[index] else { continue }
            let name = String(cString: rd_kafka_topic_result_name(topicResult))
            let error = rd_kafka_topic_result_error(topicResult)
            switch error {
            case RD_KAFKA_RESP_ERR_NO_ERROR:
                outcomes[name] = .created
            case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
                outcomes[name] = .alreadyExists
            default:
                let detail = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) }
                outcomes[name] = .failed(
                    errorName: String(cString: rd_kafka_err2name(error)),
                    message: detail ?? String(cString: rd_kafka_err2str(error)))
            }
        }
        return outcomes
    }
}
