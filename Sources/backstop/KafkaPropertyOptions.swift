import ArgumentParser
import Kafka

/// `--kafka-property NAME=VALUE` (repeatable): librdkafka properties for every client a command
/// builds, above all the security settings a real cluster needs (`security.protocol=ssl`,
/// `ssl.ca.location=…`, docs/brokers.md). librdkafka checks each when the client is built.
struct KafkaPropertyOptions: ParsableArguments {
    @Option(
        name: .customLong("kafka-property"),
        help: "A librdkafka property NAME=VALUE for every Kafka client, e.g. security.protocol=ssl (repeatable).")
    var entries: [String] = []

    func validate() throws {
        _ = try properties()
    }

    /// The properties by name; a later entry wins over an earlier one of the same name.
    func properties() throws -> [String: String] {
        var properties: [String: String] = [:]
        for entry in entries {
            guard let (name, value) = KafkaConnection.property(parsing: entry) else {
                throw ValidationError("--kafka-property must be NAME=VALUE, got \(entry)")
            }
            properties[name] = value
        }
        return properties
    }
}
