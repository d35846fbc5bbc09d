/// A record's timestamp, milliseconds since the Unix epoch, with what it means.
public struct KafkaTimestamp: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Set by the producer (or by the application that produced the record).
        case createTime
        /// Set by the broker when it appended the record.
        case logAppendTime
    }

    public let milliseconds: Int64
    public let kind: Kind

    public init(milliseconds: Int64, kind: Kind) {
        self.milliseconds = milliseconds
        self.kind = kind
    }
}
