/// Everything a `KafkaAdmin` is built from (STYLE.md 12). `additionalProperties` passes any
/// other librdkafka property through (security settings for a real cluster) and wins over the
/// typed fields; librdkafka checks every property when the client is built.
public struct KafkaAdminConfiguration: Sendable {
    /// `host:port` of at least one broker.
    public var bootstrapServers: [String]
    /// Default "backstop-admin".
    public var clientID = "backstop-admin"
    /// How long one request (metadata, CreateTopics) may wait for the broker's answer.
    /// Default 30 s.
    public var requestTimeout: Duration = .seconds(30)
    /// How long the controller may take to create the topics before answering. Default 60 s
    /// (librdkafka's own default).
    public var operationTimeout: Duration = .seconds(60)
    /// Any other librdkafka property, e.g. `["security.protocol": "ssl"]`.
    public var additionalProperties: [String: String] = [:]

    public init(bootstrapServers: [String]) {
        self.bootstrapServers = bootstrapServers
    }

    /// The librdkafka properties, in the order they are applied.
    func librdkafkaProperties() throws -> [(String, String)] {
        try requireRange(Int(requestTimeout.clampedMilliseconds), 1...600_000, "requestTimeout (ms)")
        try requireRange(Int(operationTimeout.clampedMilliseconds), 0...600_000, "operationTimeout (ms)")
        var properties: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers.joined(separator: ",")),
            ("client.id", clientID),
        ]
        properties += additionalProperties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return properties
    }
}
