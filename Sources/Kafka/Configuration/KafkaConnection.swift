/// How every client of one process reaches the cluster: the brokers and the librdkafka
/// properties they all share (security above all: `security.protocol`, `ssl.*`, `sasl.*`).
/// A process builds its consumers, producers and admin clients from one connection, so a
/// setting given once (the `kafka:` map of backstop.yaml, `--kafka-property`) reaches them all.
public struct KafkaConnection: Sendable, Equatable {
    /// `host:port` of at least one broker.
    public var bootstrapServers: [String]
    /// librdkafka properties for every client, applied after each client's own settings, so
    /// they win (as `additionalProperties` does).
    public var properties: [String: String]

    public init(bootstrapServers: [String], properties: [String: String] = [:]) {
        self.bootstrapServers = bootstrapServers
        self.properties = properties
    }

    public func consumer(groupID: String) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: groupID)
        configuration.additionalProperties = properties
        return configuration
    }

    public func producer() -> KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
        configuration.additionalProperties = properties
        return configuration
    }

    public func admin() -> KafkaAdminConfiguration {
        var configuration = KafkaAdminConfiguration(bootstrapServers: bootstrapServers)
        configuration.additionalProperties = properties
        return configuration
    }

    /// `NAME=VALUE` as given on a command line (`--kafka-property`): the name is everything
    /// before the first `=` and must not be empty; the value may be empty or hold `=`.
    public static func property(parsing entry: String) -> (name: String, value: String)? {
        let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    /// Checks each property with librdkafka, as building a client would: an unknown name or a
    /// bad value throws a `KafkaError` (`.configuration`) naming it. Files named by a property
    /// (certificates, keys) are read only when a client is built.
    public func validate() throws {
        _ = try RDKafkaConf(properties: properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}
