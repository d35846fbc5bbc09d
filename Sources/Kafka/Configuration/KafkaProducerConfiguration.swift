/// Everything a `KafkaProducer` is built from (STYLE.md 12). Idempotent by default, with
/// Java's partitioner and lz4 compression. `additionalProperties` passes any other
/// librdkafka property through and wins over the typed fields; every property is checked
/// when the producer is built, and a bad one throws a `.configuration` `KafkaError`.
public struct KafkaProducerConfiguration: Sendable {
    /// `host:port` of at least one broker.
    public var bootstrapServers: [String]
    /// Default "backstop".
    public var clientID = "backstop"
    /// Default true: no duplicates or reordering on retries (needs `acks = .all`).
    public var enableIdempotence = true
    /// Default `.all`.
    public var acks: Acks = .all
    /// Default `.lz4` (the embedded cluster keeps 5 MiB per partition, DESIGN.md 7).
    public var compression: CompressionCodec = .lz4
    /// Default `.murmur2Random`, Kafka Java's default (DESIGN.md 2).
    public var partitioner: Partitioner = .murmur2Random
    /// How long librdkafka waits to fill a batch. Default 5 ms.
    public var linger: Duration = .milliseconds(5)
    /// How long librdkafka keeps trying to deliver a record before reporting it failed,
    /// retries included. Default 5 min.
    public var messageTimeout: Duration = .seconds(300)
    /// Records waiting in librdkafka's local queue at most. Default 100,000.
    public var maxQueuedMessages = 100_000
    /// How long `send` waits for room when the local queue is full before throwing.
    /// Default 30 s.
    public var enqueueTimeout: Duration = .seconds(30)
    /// How often the delivery-report thread wakes when idle, which also bounds how late an
    /// expired wait is noticed. Default 100 ms.
    public var pollInterval: Duration = .milliseconds(100)
    /// Any other librdkafka property.
    public var additionalProperties: [String: String] = [:]

    public init(bootstrapServers: [String]) {
        self.bootstrapServers = bootstrapServers
    }

    /// The librdkafka properties, in the order they are applied. `extra` (the transactional
    /// settings) comes before `additionalProperties`, so the escape hatch still wins.
    func librdkafkaProperties(extra: [(String, String)] = []) throws -> [(String, String)] {
        try requireRange(maxQueuedMessages, 1...10_000_000, "maxQueuedMessages")
        try requireRange(Int(pollInterval.clampedMilliseconds), 1...60_000, "pollInterval (ms)")
        var properties: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers.joined(separator: ",")),
            ("client.id", clientID),
            ("enable.idempotence", String(enableIdempotence)),
            ("acks", acks.rawValue),
            ("compression.codec", compression.rawValue),
            ("partitioner", partitioner.rawValue),
            ("linger.ms", String(linger.clampedMilliseconds)),
            ("message.timeout.ms", String(messageTimeout.clampedMilliseconds)),
            ("queue.buffering.max.messages", String(maxQueuedMessages)),
        ]
        properties += extra
        properties += additionalProperties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return properties
    }
}
