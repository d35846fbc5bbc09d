/// A position in a partition: an exact offset, or one of librdkafka's logical offsets.
/// Committed offsets are, as in Kafka, the offset of the next record to read.
public struct KafkaOffset: Hashable, Sendable, CustomStringConvertible {
    /// The offset, or a negative logical value of librdkafka (`RD_KAFKA_OFFSET_*`).
    public let rawValue: Int64

    private init(rawValue: Int64) { self.rawValue = rawValue }

    /// An exact offset (≥ 0).
    public static func exactly(_ offset: Int64) -> KafkaOffset {
        precondition(offset >= 0, "an exact offset is never negative")
        return KafkaOffset(rawValue: offset)
    }

    /// The first record still in the partition.
    public static let beginning = KafkaOffset(rawValue: -2)
    /// The end of the partition (only records produced from now on).
    public static let end = KafkaOffset(rawValue: -1)
    /// The group's committed offset, or `auto.offset.reset` when there is none.
    public static let committed = KafkaOffset(rawValue: -1000)
    /// No offset known (librdkafka's `RD_KAFKA_OFFSET_INVALID`).
    public static let invalid = KafkaOffset(rawValue: -1001)

    init(librdkafka rawValue: Int64) { self.rawValue = rawValue }

    /// The exact offset, or nil for a logical one.
    public var exactValue: Int64? { rawValue >= 0 ? rawValue : nil }

    public var description: String {
        switch self {
        case .beginning: "beginning"
        case .end: "end"
        case .committed: "committed"
        case .invalid: "invalid"
        default: String(rawValue)
        }
    }
}
