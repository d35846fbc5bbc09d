/// A point in time to look offsets up by: milliseconds since the Unix epoch, compared with
/// record timestamps (CreateTime on Backstop's topics, topics/topics.yaml).
public struct KafkaTimestampQuery: Hashable, Sendable {
    public let milliseconds: Int64

    public init(milliseconds: Int64) {
        precondition(milliseconds >= 0, "a timestamp to look up is at or after the epoch")
        self.milliseconds = milliseconds
    }
}
