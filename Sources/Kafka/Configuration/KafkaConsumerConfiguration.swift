/// Everything a `KafkaConsumer` is built from (STYLE.md 12). Defaults are documented on each
/// field; `additionalProperties` passes any other librdkafka property through unchanged and
/// wins over the typed fields. Every property is checked by librdkafka when the consumer is
/// built: a bad one throws a `KafkaError` with code `.configuration` naming it.
public struct KafkaConsumerConfiguration: Sendable {
    /// `host:port` of at least one broker.
    public var bootstrapServers: [String]
    /// The consumer group. Required even with explicit partitions: librdkafka's
    /// `rd_kafka_consumer_poll` needs a group, and commits go to it.
    public var groupID: String
    /// Default "backstop".
    public var clientID = "backstop"
    /// Default 45 s.
    public var sessionTimeout: Duration = .seconds(45)
    /// Default 3 s.
    public var heartbeatInterval: Duration = .seconds(3)
    /// Default 5 min. librdkafka resets it on any poll, so it does not detect a stalled
    /// stage: stages keep a watchdog of their own (DESIGN.md 7.1).
    public var maxPollInterval: Duration = .seconds(300)
    /// Static membership (`group.instance.id`, KIP-345): a member restarted with the same id
    /// takes its place in the group, and its partitions, at once, instead of waiting for the
    /// dead member's session to expire and the group to rebalance. Give each process of a
    /// deployment its own stable id (a StatefulSet pod's name); two live processes with one id
    /// fence each other. Default nil (dynamic membership).
    public var groupInstanceID: String?
    /// Default `.earliest`.
    public var autoOffsetReset: AutoOffsetReset = .earliest
    /// Default `.readCommitted`.
    public var isolationLevel: IsolationLevel = .readCommitted
    /// Default `.range`.
    public var assignor: PartitionAssignor = .range
    /// Report reaching the end of a partition as an event. Default false.
    public var enablePartitionEOF = false
    /// Default false: Backstop commits explicitly, for lag monitoring (DESIGN.md 3).
    public var enableAutoCommit = false
    /// Records handed over in one batch at most. Default 1,000; 1...100,000.
    public var maxBatchSize = 1000
    /// Batches waiting for the application at most; the poll thread waits when they are all
    /// full (backpressure). Default 8; 1...1,000.
    public var maxBufferedBatches = 8
    /// How long one `rd_kafka_consumer_poll` waits for a record when none is ready, which is
    /// also how often the poll thread checks for close and expired waits. Default 100 ms.
    public var pollTimeout: Duration = .milliseconds(100)
    /// Records librdkafka prefetches into the consumer's queue before it stops fetching
    /// (`queued.min.messages`; the count is over all partitions of the consumer). Default
    /// 1,000,000, with `maxPrefetchedKilobytes` as the real bound. Measured: with librdkafka
    /// 2.0.2's default of 100,000, once a consumer that does any work per record lets the
    /// queue pass that count, the fetcher pauses and resumes only on its broker thread's next
    /// wake-up, well after the queue has drained: 1,000,000 small records took 5 s instead of
    /// 1 s (benchmarks/, `kafka-consume`). 1...10,000,000.
    public var maxPrefetchedMessages = 1_000_000
    /// Kilobytes librdkafka prefetches at most (`queued.max.messages.kbytes`; with this
    /// consumer's single forwarded queue, over all its partitions; a fetch may overshoot it by
    /// one fetch response). Default 65,536 (64 MiB). 1...2,097,151.
    public var maxPrefetchedKilobytes = 65_536
    /// Any other librdkafka property, e.g. `["fetch.wait.max.ms": "50"]`.
    public var additionalProperties: [String: String] = [:]

    public init(bootstrapServers: [String], groupID: String) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
    }

    /// The librdkafka properties, in the order they are applied.
    func librdkafkaProperties() throws -> [(String, String)] {
        try requireRange(maxBatchSize, 1...100_000, "maxBatchSize")
        try requireRange(maxBufferedBatches, 1...1000, "maxBufferedBatches")
        try requireRange(Int(pollTimeout.clampedMilliseconds), 1...60_000, "pollTimeout (ms)")
        try requireRange(maxPrefetchedMessages, 1...10_000_000, "maxPrefetchedMessages")
        try requireRange(maxPrefetchedKilobytes, 1...2_097_151, "maxPrefetchedKilobytes")
        var properties: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers.joined(separator: ",")),
            ("group.id", groupID),
            ("client.id", clientID),
            ("session.timeout.ms", String(sessionTimeout.clampedMilliseconds)),
            ("heartbeat.interval.ms", String(heartbeatInterval.clampedMilliseconds)),
            ("max.poll.interval.ms", String(maxPollInterval.clampedMilliseconds)),
            ("auto.offset.reset", autoOffsetReset.rawValue),
            ("isolation.level", isolationLevel.rawValue),
            ("partition.assignment.strategy", assignor.rawValue),
            ("enable.partition.eof", String(enablePartitionEOF)),
            ("enable.auto.commit", String(enableAutoCommit)),
            // Offsets are stored only by explicit commits, never implicitly by polling.
            ("enable.auto.offset.store", "false"),
            ("queued.min.messages", String(maxPrefetchedMessages)),
            ("queued.max.messages.kbytes", String(maxPrefetchedKilobytes)),
        ]
        if let groupInstanceID { properties.append(("group.instance.id", groupInstanceID)) }
        properties += additionalProperties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return properties
    }
}

/// Throws a configuration error naming `field` when `value` is outside `range`.
func requireRange(_ value: Int, _ range: ClosedRange<Int>, _ field: String) throws {
    guard range.contains(value) else {
        throw KafkaError(
            .configuration,
            message: "\(field) is \(value), must be within \(range.lowerBound)...\(range.upperBound)")
    }
}
