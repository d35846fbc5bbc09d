import CRdKafka

extension KafkaDeliveryReport {
    /// A report from the message librdkafka passes to the delivery callback (owned by
    /// librdkafka; read only here).
    init(message: UnsafePointer<rd_kafka_message_t>) {
        let m = message.pointee
        let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        self.messageID = UInt64(UInt(bitPattern: m._private))
        self.topic = topic
        if m.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            self.result = .success(TopicPartitionOffset(topic, m.partition, .exactly(m.offset)))
        } else {
            self.result = .failure(KafkaError(.produce, resp: m.err, context: "delivering a record to \(topic)"))
        }
    }
}
