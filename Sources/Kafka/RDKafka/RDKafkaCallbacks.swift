import CRdKafka
import Logging

/// What the C callbacks of one client call. It is the client's `opaque`: retained by the
/// `RDKafkaHandle` for as long as the `rd_kafka_t` lives, released after `rd_kafka_destroy`.
/// The closures are fixed at construction; each runs on the thread librdkafka calls it from
/// (delivery, rebalance and commit callbacks on the client's poll thread; errors and logs on
/// the poll thread or librdkafka's own threads), so they only record or hand over.
final class RDKafkaCallbacks: Sendable {
    typealias Delivery = @Sendable (UnsafePointer<rd_kafka_message_t>) -> Void
    typealias Rebalance = @Sendable (
        OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) -> Void
    typealias CommitResult = @Sendable (rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> Void

    let logger: Logger
    let onError: @Sendable (KafkaError) -> Void
    let onDelivery: Delivery?
    let onRebalance: Rebalance?
    let onCommit: CommitResult?

    init(
        logger: Logger,
        onError: @escaping @Sendable (KafkaError) -> Void,
        onDelivery: Delivery? = nil,
        onRebalance: Rebalance? = nil,
        onCommit: CommitResult? = nil
    ) {
        self.logger = logger
        self.onError = onError
        self.onDelivery = onDelivery
        self.onRebalance = onRebalance
        self.onCommit = onCommit
    }

    /// Registers the C trampolines on `conf`, with `opaque` (this object, retained by the
    /// caller) as the opaque every callback receives.
    func register(on conf: OpaquePointer, opaque: UnsafeMutableRawPointer) {
        rd_kafka_conf_set_opaque(conf, opaque)
        rd_kafka_conf_set_error_cb(conf, errorTrampoline)
        rd_kafka_conf_set_log_cb(conf, logTrampoline)
        if onDelivery != nil { rd_kafka_conf_set_dr_msg_cb(conf, deliveryTrampoline) }
        if onRebalance != nil { rd_kafka_conf_set_rebalance_cb(conf, rebalanceTrampoline) }
        if onCommit != nil { rd_kafka_conf_set_offset_commit_cb(conf, commitTrampoline) }
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbacks? {
        opaque.map { Unmanaged<RDKafkaCallbacks>.fromOpaque($0).takeUnretainedValue() }
    }
}

private func errorTrampoline(
    _ rk: OpaquePointer?, _ err: Int32, _ reason: UnsafePointer<CChar>?, _ opaque: UnsafeMutableRawPointer?
) {
    guard let callbacks = RDKafkaCallbacks.from(opaque) else { return }
    let code = rd_kafka_resp_err_t(rawValue: err)
    let text = reason.map { String(cString: $0) } ?? ""
    if code == RD_KAFKA_RESP_ERR__FATAL, let rk {
        var message = [CChar](repeating: 0, count: 512)
        let underlying = rd_kafka_fatal_error(rk, &message, message.count)
        let cause = KafkaError(.clientEvent, resp: underlying, context: "fatal")
        let error = KafkaError(
            .clientEvent, message: "fatal: \(String(cBuffer: message))", librdkafkaCode: cause.librdkafkaCode,
            librdkafkaName: cause.librdkafkaName, isRetriable: false, isFatal: true)
        callbacks.onError(error)
    } else {
        callbacks.onError(KafkaError(.clientEvent, resp: code, context: text))
    }
}

private func logTrampoline(
    _ rk: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?, _ message: UnsafePointer<CChar>?
) {
    guard let rk, let callbacks = RDKafkaCallbacks.from(rd_kafka_opaque(rk)) else { return }
    // syslog levels: 0 emergency … 3 error, 4 warning, 5 notice, 6 info, 7 debug.
    let swiftLevel: Logger.Level =
        switch level {
        case ...3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    callbacks.logger.log(
        level: swiftLevel, "librdkafka",
        metadata: [
            LogKey.librdkafkaFacility: .string(facility.map { String(cString: $0) } ?? ""),
            LogKey.librdkafkaMessage: .string(message.map { String(cString: $0) } ?? ""),
        ])
}

private func deliveryTrampoline(
    _ rk: OpaquePointer?, _ message: UnsafePointer<rd_kafka_message_t>?, _ opaque: UnsafeMutableRawPointer?
) {
    guard let message, let callbacks = RDKafkaCallbacks.from(opaque) else { return }
    callbacks.onDelivery?(message)
}

private func rebalanceTrampoline(
    _ rk: OpaquePointer?, _ err: rd_kafka_resp_err_t,
    _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, _ opaque: UnsafeMutableRawPointer?
) {
    guard let rk, let callbacks = RDKafkaCallbacks.from(opaque) else { return }
    callbacks.onRebalance?(rk, err, partitions)
}

private func commitTrampoline(
    _ rk: OpaquePointer?, _ err: rd_kafka_resp_err_t,
    _ offsets: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, _ opaque: UnsafeMutableRawPointer?
) {
    guard let callbacks = RDKafkaCallbacks.from(opaque) else { return }
    callbacks.onCommit?(err, offsets)
}
