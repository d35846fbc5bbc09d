import Kafka
import Store

/// What the mirror stage is built from (STYLE.md 12), with documented defaults.
public struct MirrorSettings: Sendable {
    /// The co-partitioned estate topics, consumed as one group (DESIGN.md 2). Default: the three.
    public var estateTopics = TopicCatalog.estateTopics
    /// Where rejected records go (DESIGN.md 6). Default "backstop.dlq".
    public var deadLetterTopic = "backstop.dlq"
    /// Records in one store update at most: one consumer batch is one atomic store write.
    /// Default 10,000 (fewer, larger synced writes); 1...`StoreLimits.factsPerUpdate`.
    public var maxBatchSize = 10_000
    /// How often positions are compared with the high watermarks, for catch-up and the lag
    /// gauge. Default 1 s.
    public var watermarkInterval: Duration = .seconds(1)
    /// How long the dead-letter records of a batch may take to be acknowledged before the
    /// stage stops (the batch is then not applied). Default 60 s.
    public var deadLetterTimeout: Duration = .seconds(60)

    /// How many threads decode one batch at once (records split in contiguous slices; the
    /// plan is then made in order). Default 2; 1...16.
    public var decodeParallelism = 2

    public init() {}

    /// Checks the settings once, naming the one that is wrong.
    public func validate() throws(MirrorError) {
        guard (1...StoreLimits.factsPerUpdate).contains(maxBatchSize) else {
            throw MirrorError("maxBatchSize is \(maxBatchSize), must be within 1...\(StoreLimits.factsPerUpdate)")
        }
        guard !estateTopics.isEmpty, Set(estateTopics).count == estateTopics.count else {
            throw MirrorError("estateTopics must name at least one topic, each once")
        }
        guard (1...16).contains(decodeParallelism) else {
            throw MirrorError("decodeParallelism is \(decodeParallelism), must be within 1...16")
        }
        guard watermarkInterval > .zero else { throw MirrorError("watermarkInterval must be positive") }
    }
}

/// Why the mirror cannot go on: a clear sentence naming what is wrong.
public struct MirrorError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
