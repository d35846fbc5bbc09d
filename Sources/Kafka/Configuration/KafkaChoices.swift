/// The closed choices of librdkafka properties, as types. Each `rawValue` is librdkafka's
/// spelling of the value.

/// Where a consumer starts in a partition that has no committed offset (`auto.offset.reset`).
public enum AutoOffsetReset: String, Sendable {
    case earliest
    case latest
    /// Report an error instead of guessing.
    case error
}

/// Whether a consumer sees records of aborted or open transactions (`isolation.level`).
/// The embedded cluster does not filter aborted records (DESIGN.md 7).
public enum IsolationLevel: String, Sendable {
    case readCommitted = "read_committed"
    case readUncommitted = "read_uncommitted"
}

/// Producer compression (`compression.codec`). The embedded cluster keeps at most 5 MiB per
/// partition, so producers writing to it compress (DESIGN.md 7).
public enum CompressionCodec: String, Sendable {
    case none
    case gzip
    case snappy
    case lz4
    case zstd
}

/// The group's partition assignor (`partition.assignment.strategy`). Only the eager
/// assignors: cooperative rebalancing with manual commits is unreliable in librdkafka 2.0.2
/// (DESIGN.md 7.1), so it is not offered.
public enum PartitionAssignor: String, Sendable {
    case range
    case roundRobin = "roundrobin"
}

/// How many replicas acknowledge a write before it counts as delivered (`acks`).
/// Idempotent and transactional producers need `.all`.
public enum Acks: String, Sendable {
    case none = "0"
    case leader = "1"
    case all = "all"
}

/// How a keyed record's partition is chosen (`partitioner`). `murmur2Random` matches Kafka's
/// Java default, which the estate topics are written with (DESIGN.md 2).
public enum Partitioner: String, Sendable {
    case murmur2Random = "murmur2_random"
    case murmur2 = "murmur2"
    case consistentRandom = "consistent_random"
    case consistent = "consistent"
    case random = "random"
    case fnv1a = "fnv1a"
    case fnv1aRandom = "fnv1a_random"
}
