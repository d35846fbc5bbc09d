import CRdKafka

/// Owns an `rd_kafka_conf_t` until `rd_kafka_new` takes it. librdkafka consumes the conf only
/// when `rd_kafka_new` succeeds; on failure (and on any earlier throw) the conf is still ours
/// and `deinit` destroys it.
final class RDKafkaConf {
    private var pointer: OpaquePointer?

    /// Applies `properties` in order with `rd_kafka_conf_set`, each validated by librdkafka:
    /// an unknown property or a bad value throws its message, naming the property.
    init(properties: [(String, String)]) throws {
        pointer = rd_kafka_conf_new()
        for (name, value) in properties {
            try set(name, value)
        }
    }

    deinit {
        if let pointer { rd_kafka_conf_destroy(pointer) }
    }

    private func set(_ name: String, _ value: String) throws {
        guard let pointer else { preconditionFailure("the conf was already handed to rd_kafka_new") }
        var message = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(pointer, name, value, &message, message.count)
        guard result == RD_KAFKA_CONF_OK else {
            throw KafkaError(
                .configuration,
                message: "property \(name)=\"\(value)\" rejected: \(String(cBuffer: message))")
        }
    }

    /// The raw conf, still owned by this object, for registering callbacks.
    var unsafePointer: OpaquePointer {
        guard let pointer else { preconditionFailure("the conf was already handed to rd_kafka_new") }
        return pointer
    }

    /// Call after `rd_kafka_new` succeeded: the handle owns the conf from now on.
    func relinquish() {
        pointer = nil
    }
}
