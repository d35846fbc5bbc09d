import ArgumentParser

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
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError("--kafka-property must be NAME=VALUE, got \(entry)")
            }
            properties[String(parts[0])] = String(parts[1])
        }
        return properties
    }
}
