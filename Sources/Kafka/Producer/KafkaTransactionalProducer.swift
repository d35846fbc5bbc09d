import CRdKafka
import Logging

/// A transactional producer (DESIGN.md 4): records and consumer offsets produced between
/// `beginTransaction` and `commitTransaction` become visible to read_committed consumers
/// together, or not at all. The blocking transaction calls run off the cooperative pool.
///
/// Errors keep librdkafka's classification: `isFatal` means the producer is unusable and must
/// be recreated (and `initTransactions` fences the old one); `txnRequiresAbort` means abort
/// the transaction and redo its work; `isRetriable` means the same call may be repeated.
public final class KafkaTransactionalProducer: Sendable {
    private let core: ProducerCore
    private let callTimeout: Duration

    private init(core: ProducerCore, callTimeout: Duration) {
        self.core = core
        self.callTimeout = callTimeout
    }

    public static func make(
        configuration: KafkaTransactionalProducerConfiguration, logger: Logger,
        onDelivery: (@Sendable (KafkaDeliveryReport) -> Void)? = nil
    ) throws -> KafkaTransactionalProducer {
        let core = try ProducerCore(
            properties: try configuration.librdkafkaProperties(),
            enqueueTimeout: configuration.producer.enqueueTimeout,
            pollInterval: configuration.producer.pollInterval, logger: logger, onDelivery: onDelivery)
        return KafkaTransactionalProducer(core: core, callTimeout: configuration.callTimeout)
    }

    /// Registers the transactional id with the coordinator, fencing any earlier producer with
    /// the same id and aborting its open transaction. Call once, before the first transaction.
    public func initTransactions() async throws {
        try await transactionCall("initialising transactions") { rk, timeout in
            rd_kafka_init_transactions(rk, timeout)
        }
    }

    /// Starts a transaction (local: no broker round trip).
    public func beginTransaction() throws {
        try core.requireRunning()
        if let error = rd_kafka_begin_transaction(core.handle.pointer) {
            throw KafkaError(.transaction, consuming: error, context: "beginning a transaction")
        }
    }

    /// Enqueues `record` within the current transaction.
    @discardableResult
    public func send(_ record: KafkaProducerRecord) async throws -> UInt64 {
        try await core.send(record)
    }

    /// Adds a consumer's offsets (each the next offset to read) to the current transaction,
    /// so they are committed if and only if the transaction is. The embedded cluster does not
    /// store them (DESIGN.md 7).
    public func sendOffsetsToTransaction(
        _ offsets: [TopicPartitionOffset], groupMetadata: KafkaConsumerGroupMetadata
    ) async throws {
        try await transactionCall("sending offsets to the transaction") { rk, timeout in
            let list = RDKafkaTopicPartitionList(offsets)
            return rd_kafka_send_offsets_to_transaction(rk, list.pointer, groupMetadata.pointer, timeout)
        }
    }

    /// Flushes the transaction's records and commits it.
    public func commitTransaction() async throws {
        try await transactionCall("committing the transaction") { rk, timeout in
            rd_kafka_commit_transaction(rk, timeout)
        }
    }

    /// Aborts the current transaction: its records are marked aborted, never delivered to
    /// read_committed consumers (on a real broker; the embedded one does not filter them).
    public func abortTransaction() async throws {
        try await transactionCall("aborting the transaction") { rk, timeout in
            rd_kafka_abort_transaction(rk, timeout)
        }
    }

    /// Waits for all outstanding delivery reports (see `KafkaProducer.awaitDeliveries`).
    public func awaitDeliveries(timeout: Duration = .seconds(60)) async throws -> DeliveryTally {
        try await core.awaitDeliveries(timeout: timeout)
    }

    /// Stops the delivery-report thread after flushing, at most `timeout`.
    public func close(timeout: Duration = .seconds(60)) async throws {
        try await core.close(timeout: timeout)
    }

    /// Runs one blocking transaction call on the producer's executor. `call` gets the handle
    /// and the timeout in milliseconds and returns an `rd_kafka_error_t` (ours to destroy) or nil.
    private func transactionCall(
        _ what: String, _ call: @escaping @Sendable (OpaquePointer, Int32) -> OpaquePointer?
    ) async throws {
        try core.requireRunning()
        let (handle, timeout) = (core.handle, callTimeout.clampedMilliseconds)
        try await core.executor.run {
            if let error = call(handle.pointer, timeout) {
                throw KafkaError(.transaction, consuming: error, context: what)
            }
        }
    }
}
