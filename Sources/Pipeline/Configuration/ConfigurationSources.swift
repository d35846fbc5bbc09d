import Foundation
import Yams

/// The raw text of every setting from the three places it can be given, before validation.
/// Precedence: flags, then environment variables, then the config file, then the defaults.
public struct ConfigurationSources: Sendable {
    /// Flags given on the command line, by name without dashes (`bootstrap-servers`), including
    /// `config` for the config file.
    public var flags: [String: String]
    /// The process environment (only `BACKSTOP_…` names are read).
    public var environment: [String: String]
    /// `--kafka-property NAME=VALUE` flags as given, in order.
    public var kafkaPropertyFlags: [String]

    public init(flags: [String: String] = [:], environment: [String: String] = [:], kafkaPropertyFlags: [String] = []) {
        self.flags = flags
        self.environment = environment
        self.kafkaPropertyFlags = kafkaPropertyFlags
    }

    /// The config file's path, from `--config` or `BACKSTOP_CONFIG`; nil when neither is given.
    var configFile: (path: String, source: ConfigurationSource)? {
        if let path = flags[ConfigurationKey.configFileFlag] {
            return (path, .flag(ConfigurationKey.configFileFlag))
        }
        if let path = environment[ConfigurationKey.configFileEnvironmentVariable] {
            return (path, .environment(ConfigurationKey.configFileEnvironmentVariable))
        }
        return nil
    }
}

/// One setting's text and where it came from.
struct RawSetting {
    let text: String
    let source: ConfigurationSource
}

/// A config file read as dotted keys (`bacs.sun`) to scalar text, and its `kafka:` map of
/// librdkafka properties. Unknown keys are refused, so a misspelt setting is not silently ignored.
struct ConfigurationFile {
    let path: String
    let values: [String: String]
    /// The `kafka:` map: property name (`security.protocol`) to value.
    var kafkaProperties: [String: String] = [:]

    static let maximumBytes = 1 << 20

    static func read(path: String, source: ConfigurationSource) throws(ConfigurationError) -> ConfigurationFile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigurationError(source, "cannot read config file \(path): \(error.localizedDescription)")
        }
        guard data.count <= maximumBytes else {
            throw ConfigurationError(.configFile(path), "larger than \(maximumBytes) bytes: not a config file")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static func parse(_ text: String, path: String) throws(ConfigurationError) -> ConfigurationFile {
        let document: Any?
        do { document = try Yams.load(yaml: text) } catch {
            throw ConfigurationError(.configFile(path), "not valid YAML: \(error)")
        }
        guard let document else { return ConfigurationFile(path: path, values: [:]) }
        guard var mapping = document as? [String: Any] else {
            throw ConfigurationError(.configFile(path), "must be a YAML mapping of setting names to values")
        }
        let kafkaKey = ConfigurationKey.kafkaPropertiesFileKey
        var kafkaProperties: [String: String] = [:]
        if let kafka = mapping.removeValue(forKey: kafkaKey) {
            guard let properties = kafka as? [String: Any] else {
                throw ConfigurationError(.file(path: path, key: kafkaKey), "must be a mapping of librdkafka property names to values")
            }
            // A nested spelling (`security: {protocol: ssl}`) names the same dotted property.
            var prefixed: [String: String] = [:]
            try flatten(properties, prefix: kafkaKey + ".", path: path, into: &prefixed)
            for (key, value) in prefixed { kafkaProperties[String(key.dropFirst(kafkaKey.count + 1))] = value }
        }
        var values: [String: String] = [:]
        try flatten(mapping, prefix: "", path: path, into: &values)
        let known = Set(ConfigurationKey.all.map(\.fileKey))
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConfigurationError(.file(path: path, key: unknown),
                                     "unknown setting; the settings are: " + (ConfigurationKey.all.map(\.fileKey) + [kafkaKey]).joined(separator: ", "))
        }
        return ConfigurationFile(path: path, values: values, kafkaProperties: kafkaProperties)
    }

    private static func flatten(_ mapping: [String: Any], prefix: String, path: String, into values: inout [String: String]) throws(ConfigurationError) {
        for (name, value) in mapping {
            let key = prefix + name
            switch value {
            case let nested as [String: Any]:
                try flatten(nested, prefix: key + ".", path: path, into: &values)
            case let list as [Any]:
                // A YAML list is accepted where a comma-separated list is (bootstrapServers).
                values[key] = try list.map { item throws(ConfigurationError) -> String in
                    guard let text = scalarText(item) else {
                        throw ConfigurationError(.file(path: path, key: key), "a list may only hold plain values")
                    }
                    return text
                }.joined(separator: ",")
            default:
                guard let text = scalarText(value) else {
                    throw ConfigurationError(.file(path: path, key: key), "must be a plain value")
                }
                values[key] = text
            }
        }
    }

    private static func scalarText(_ value: Any) -> String? {
        switch value {
        case let s as String: s
        case let i as Int: String(i)
        case let b as Bool: String(b)
        case let d as Double: String(d)
        default: nil
        }
    }
}
