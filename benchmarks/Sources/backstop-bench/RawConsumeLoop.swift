import CRdKafka

/// The raw baseline the consume benchmarks compare against: a plain `rd_kafka_consumer_poll`
/// loop that counts `count` good records on an already assigned consumer and returns the
/// bytes of their keys and values (so the loop cannot be optimised away).
func drainRaw(_ rk: OpaquePointer, count: Int) -> Int {
    var seen = 0
    var bytes = 0
    while seen < count {
        guard let m = rd_kafka_consumer_poll(rk, 100) else { continue }
        if m.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            seen += 1
            bytes += m.pointee.len + m.pointee.key_len
        }
        rd_kafka_message_destroy(m)
    }
    return bytes
}
