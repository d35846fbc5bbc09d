import CRdKafka

/// Owns one `rd_kafka_t` and the callbacks object it calls (its opaque). Built only by
/// `make`, which cleans up on every failure path; `deinit` destroys the handle first (after
/// which librdkafka calls no callback), then releases the callbacks.
final class RDKafkaHandle: @unchecked Sendable {
    enum Kind {
        case producer
        case consumer
    }

    /// The `rd_kafka_t`. Valid for the lifetime of this object; librdkafka's calls on it are
    /// thread-safe, which is why the class can be `Sendable`.
    let pointer: OpaquePointer
    private let callbacks: Unmanaged<RDKafkaCallbacks>

    private init(pointer: OpaquePointer, callbacks: Unmanaged<RDKafkaCallbacks>) {
        self.pointer = pointer
        self.callbacks = callbacks
    }

    deinit {
        rd_kafka_destroy(pointer)
        callbacks.release()
    }

    /// Validates `properties` into a conf, registers `callbacks` and creates the handle.
    /// A consumer's main queue is forwarded to its consumer queue, so one
    /// `rd_kafka_consumer_poll` thread serves records, rebalances, commits and errors.
    static func make(
        kind: Kind, properties: [(String, String)], callbacks: RDKafkaCallbacks
    ) throws -> RDKafkaHandle {
        let conf = try RDKafkaConf(properties: properties)
        let retained = Unmanaged.passRetained(callbacks)
        callbacks.register(on: conf.unsafePointer, opaque: retained.toOpaque())
        var message = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let pointer = rd_kafka_new(type, conf.unsafePointer, &message, message.count) else {
            // rd_kafka_new failed: the conf is still ours (RDKafkaConf's deinit destroys it)
            // and no callback can run any more.
            retained.release()
            throw KafkaError(.configuration, message: "client rejected its configuration: \(String(cBuffer: message))")
        }
        conf.relinquish()  // rd_kafka_new succeeded: the handle owns the conf now.
        let handle = RDKafkaHandle(pointer: pointer, callbacks: retained)
        if kind == .consumer {
            let forwarded = rd_kafka_poll_set_consumer(pointer)
            guard forwarded == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.client, resp: forwarded, context: "forwarding the main queue to the consumer")
            }
        }
        return handle
    }
}
