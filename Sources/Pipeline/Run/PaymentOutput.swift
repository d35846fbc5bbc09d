import Kafka
import Logging
import Synchronization

/// The Kafka side of a run (DESIGN.md section 4, step 3): per estate partition, one
/// transactional producer that writes a batch's backstop.payments records and its
/// backstop.batches record in one transaction, and a read_committed reader of the batches
/// already committed.
///
/// Transactional ids are one per estate partition: `backstop-<group>-p<partition>`.
/// - Fencing follows ownership. Whichever process owns partition p emits p's batches with p's
///   id; when p moves to another process (a rebalance, or a restart elsewhere), the new owner's
///   `initTransactions` with the same id fences the old owner's producer (which can then no
///   longer commit) and aborts any transaction it left open, before the new owner reads which
///   batches are committed. A per-process id would not: two processes could both believe they
///   own p for a moment and both commit p's batches.
/// - Ids are stable across restarts, so a restarted process fences its own previous incarnation.
/// - Batch ids carry the partition, so no two ids ever write the same batch (DESIGN.md 8), and
///   payments of partition p go to partition p of backstop.payments (and the batch record to
///   partition p of backstop.batches), so a partition's transactions touch only its own
///   partitions and a partition's ledger is one partition of backstop.payments.
public final class PaymentOutput: Sendable {
    public let producerConfiguration: KafkaProducerConfiguration
    public let group: String
    /// The transaction timeout and call timeout of each producer.
    public let transactionTimeout: Duration
    private let producers = Mutex<[Int32: KafkaTransactionalProducer]>([:])
    private let logger: Logger

    public init(producerConfiguration: KafkaProducerConfiguration, group: String,
                transactionTimeout: Duration = .seconds(120), logger: Logger) {
        self.producerConfiguration = producerConfiguration
        self.group = group
        self.transactionTimeout = transactionTimeout
        self.logger = logger
    }

    /// How the run's readers (committed batches on resume, ledger rebuilds) reach the cluster:
    /// the producers' brokers and their connection properties (`additionalProperties`, where
    /// the service puts its security settings), so readers and producers connect alike.
    public var readerConnection: KafkaConnection {
        KafkaConnection(bootstrapServers: producerConfiguration.bootstrapServers, properties: producerConfiguration.additionalProperties)
    }

    public static func transactionalID(group: String, partition: Int32) -> String {
        "backstop-\(group)-p\(partition)"
    }

    /// Partition `partition`'s producer, created and initialised on first use. Initialising is
    /// what fences an earlier owner, so a run calls this before reading the committed batches.
    func producer(for partition: Int32) async throws -> KafkaTransactionalProducer {
        if let existing = producers.withLock({ $0[partition] }) { return existing }
        var configuration = KafkaTransactionalProducerConfiguration(
            producer: producerConfiguration, transactionalID: Self.transactionalID(group: group, partition: partition))
        configuration.transactionTimeout = transactionTimeout
        configuration.callTimeout = transactionTimeout
        let producer = try KafkaTransactionalProducer.make(configuration: configuration, logger: logger)
        do {
            try await producer.initTransactions()
        } catch {
            try? await producer.close(timeout: .seconds(5))
            throw error
        }
        producers.withLock { $0[partition] = producer }
        return producer
    }

    /// Forgets partition `partition`'s producer after a fatal error (DESIGN.md 7.1); the next
    /// `producer(for:)` makes a new one, whose initialisation fences the old.
    func discard(partition: Int32) async {
        guard let producer = producers.withLock({ $0.removeValue(forKey: partition) }) else { return }
        try? await producer.close(timeout: .seconds(5))
    }

    /// Produces `records` in one transaction on partition `partition`'s producer and commits it.
    /// An abortable error aborts the transaction; a fatal one discards the producer; either way
    /// the error is rethrown for the caller to retry. A simulated crash (`CrashPointReached`)
    /// leaves the transaction open, as a real crash would.
    func emitTransaction(_ records: [KafkaProducerRecord], partition: Int32, crashHook: (any CrashHook)?) async throws {
        let producer = try await producer(for: partition)
        do {
            try producer.beginTransaction()
            for record in records { try await producer.send(record) }
            if let crashHook {
                // Delivered, so that the point means "on the broker, not committed".
                _ = try await producer.awaitDeliveries(timeout: transactionTimeout)
                try crashHook.reached(.insideTransaction)
            }
            try await producer.commitTransaction()
            let tally = try await producer.awaitDeliveries(timeout: transactionTimeout)
            guard tally.failed == 0 else {
                throw KafkaError(.produce, message: "\(tally.failed) records of a committed transaction were reported failed")
            }
        } catch let error as KafkaError {
            if error.isFatal {
                await discard(partition: partition)
            } else {
                // Abortable, or a plain failure inside the transaction: abort it, so the
                // producer can begin the next one. If the abort fails too, start afresh.
                do { try await producer.abortTransaction() } catch { await discard(partition: partition) }
            }
            throw error
        }
    }

    /// Closes every producer.
    public func close() async {
        let all = producers.withLock { producers in
            defer { producers.removeAll() }
            return Array(producers.values)
        }
        for producer in all { try? await producer.close(timeout: .seconds(30)) }
    }
}
