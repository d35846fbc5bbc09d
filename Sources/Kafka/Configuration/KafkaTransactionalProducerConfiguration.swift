/// A `KafkaTransactionalProducer`: a producer configuration plus the transaction's identity
/// and timeout. Transactions imply idempotence, which librdkafka enables itself.
public struct KafkaTransactionalProducerConfiguration: Sendable {
    public var producer: KafkaProducerConfiguration
    /// Stable across restarts of the same logical producer: initialising a new producer with
    /// the same id fences the old one and aborts its open transaction (DESIGN.md 4).
    public var transactionalID: String
    /// How long the broker lets a transaction stay open. Default 60 s. Also caps the
    /// producer's `messageTimeout`, as librdkafka requires.
    public var transactionTimeout: Duration = .seconds(60)
    /// Upper bound for each blocking transaction call (init, send offsets, commit, abort).
    /// Default 60 s.
    public var callTimeout: Duration = .seconds(60)

    public init(producer: KafkaProducerConfiguration, transactionalID: String) {
        self.producer = producer
        self.transactionalID = transactionalID
    }

    func librdkafkaProperties() throws -> [(String, String)] {
        guard !transactionalID.isEmpty else {
            throw KafkaError(.configuration, message: "transactionalID is empty")
        }
        // librdkafka requires message.timeout.ms <= transaction.timeout.ms: a record may not
        // outlive the transaction it belongs to.
        let messageTimeout = min(producer.messageTimeout, transactionTimeout)
        return try producer.librdkafkaProperties(extra: [
            ("transactional.id", transactionalID),
            ("transaction.timeout.ms", String(transactionTimeout.clampedMilliseconds)),
            ("message.timeout.ms", String(messageTimeout.clampedMilliseconds)),
        ])
    }
}
