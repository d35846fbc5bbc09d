/// One record header. A record's headers are ordered and a name may repeat, as in Kafka.
public struct KafkaHeader: Hashable, Sendable {
    public let name: String
    /// nil is a header with a null value, distinct from an empty one.
    public let value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    public init(name: String, string: String) {
        self.init(name: name, value: Array(string.utf8))
    }
}
