import Bacs
import Control
import Entitlements
import Foundation
import Kafka
import Logging
import Store

extension ServiceConfiguration {
    /// Resolves and validates every setting once: flags win over environment variables, which
    /// win over the config file, which wins over the defaults. The first bad setting throws a
    /// `ConfigurationError` naming it as it was given. The keyring file is read here too, so a
    /// service that starts has a usable keyring.
    public static func load(_ sources: ConfigurationSources) throws(ConfigurationError) -> ServiceConfiguration {
        let file = try sources.configFile.map { (path, source) throws(ConfigurationError) in
            try ConfigurationFile.read(path: path, source: source)
        }
        let settings = SettingLookup(sources: sources, file: file)

        let bootstrapServers = try settings.required(.bootstrapServers, parseBootstrapServers)
        var keyring: (path: String, keyring: Keyring)?
        if let raw = settings.raw(.keyring) {
            let path: String
            do { path = try nonEmpty(raw.text) } catch { throw ConfigurationError(raw.source, error.message) }
            do { keyring = (path, try Keyring.load(contentsOf: URL(fileURLWithPath: path))) } catch {
                throw ConfigurationError(raw.source, error.message)
            }
        }
        var calendar = PaymentCalendar()
        if let raw = settings.raw(.calendarOverrides) {
            do { calendar = PaymentCalendar(overrides: try CalendarOverrides(contentsOf: URL(fileURLWithPath: try nonEmpty(raw.text)))) } catch {
                throw ConfigurationError(raw.source, "calendar overrides: \(error)")
            }
        }
        let port = try settings.value(.httpPort, default: Defaults.httpPort) { text throws(ParseFailure) in try integer(text, in: Limits.httpPort, "a port") }
        var configuration = ServiceConfiguration(
            bootstrapServers: bootstrapServers.value,
            stateDirectory: try settings.value(.stateDirectory, default: Defaults.stateDirectory, nonEmpty),
            outputDirectory: try settings.value(.outputDirectory, default: Defaults.outputDirectory, nonEmpty),
            keyring: keyring,
            groupID: try settings.value(.groupID, default: Defaults.groupID, parseGroupID),
            httpPort: port,
            httpHost: try settings.value(.httpHost, default: Defaults.httpHost, nonEmpty),
            bacs: try loadBacs(settings),
            itemLimit: try settings.value(.itemLimitPence, default: Defaults.itemLimit) { text throws(ParseFailure) in
                Pence(Int64(try integer(text, in: 1...Limits.itemLimitPence, "an amount in pence")))
            },
            mirror: try loadMirror(settings),
            sessionTimeout: try settings.value(.sessionTimeout, default: Defaults.sessionTimeout) { text throws(ParseFailure) in
                .milliseconds(try integer(text, in: Limits.sessionTimeoutMilliseconds, "a number of milliseconds"))
            },
            retentionDays: try settings.value(.retentionDays, default: Defaults.retentionDays) { text throws(ParseFailure) in
                try integer(text, in: StoreOptions.retentionDaysLimits, "a number of days")
            },
            calendar: calendar,
            shutdownGracePeriod: try settings.value(.shutdownGracePeriod, default: Defaults.shutdownGracePeriod, parseGracePeriod),
            logLevel: try settings.value(.logLevel, default: Defaults.logLevel, parseLogLevel))
        configuration.groupInstanceID = try settings.value(.groupInstanceID, default: nil) { text throws(ParseFailure) in try parseGroupID(text) }
        configuration.kafkaProperties = try loadKafkaProperties(sources, file: file)
        return configuration
    }

    /// The file's `kafka:` map, then each `--kafka-property NAME=VALUE` over it; every property
    /// checked by librdkafka now, so a bad one stops start-up naming where it was given.
    private static func loadKafkaProperties(_ sources: ConfigurationSources, file: ConfigurationFile?) throws(ConfigurationError) -> [String: String] {
        var properties: [String: String] = [:]
        var sourceOf: [String: ConfigurationSource] = [:]
        if let file {
            for (name, value) in file.kafkaProperties {
                properties[name] = value
                sourceOf[name] = .file(path: file.path, key: ConfigurationKey.kafkaPropertiesFileKey + "." + name)
            }
        }
        let flag = ConfigurationSource.flag(ConfigurationKey.kafkaPropertyFlag)
        for entry in sources.kafkaPropertyFlags {
            guard let (name, value) = KafkaConnection.property(parsing: entry) else {
                throw ConfigurationError(flag, "'\(entry)' is not NAME=VALUE")
            }
            properties[name] = value
            sourceOf[name] = flag
        }
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            do { try KafkaConnection(bootstrapServers: [], properties: [name: value]).validate() } catch {
                throw ConfigurationError(sourceOf[name] ?? flag, "\(error)")
            }
        }
        return properties
    }

    private static func loadMirror(_ settings: SettingLookup) throws(ConfigurationError) -> MirrorSettings {
        var mirror = MirrorSettings()
        mirror.maxBatchSize = try settings.value(.mirrorBatchSize, default: Defaults.mirrorBatchSize) { text throws(ParseFailure) in
            try integer(text, in: 1...StoreLimits.factsPerUpdate, "a number of records")
        }
        return mirror
    }

    /// Each Bacs setting is checked by `BacsSettings` itself with the others at their defaults,
    /// so a bad one is named exactly; then all of them together.
    private static func loadBacs(_ settings: SettingLookup) throws(ConfigurationError) -> BacsSettings {
        let sun = try settings.value(.bacsSUN, default: Defaults.bacs.sun) { text throws(ParseFailure) in
            do { return try ServiceUserNumber(text) } catch { throw ParseFailure("'\(text)' is not a service user number (exactly 6 digits)") }
        }
        // Bank details are never echoed, not even the agency's own.
        let sortCode = try settings.value(.bacsOriginatingSortCode, default: Defaults.bacs.originatingSortCode) { text throws(ParseFailure) in
            do { return try SortCode(text) } catch { throw ParseFailure("not a sort code (exactly 6 digits)") }
        }
        let account = try settings.value(.bacsOriginatingAccount, default: Defaults.bacs.originatingAccount) { text throws(ParseFailure) in
            do { return try AccountNumber(text) } catch { throw ParseFailure("not an account number (exactly 8 digits)") }
        }
        func text(_ key: ConfigurationKey, _ fallback: String, _ build: (String) throws(ValidationError) -> BacsSettings) throws(ConfigurationError) -> String {
            try settings.value(key, default: fallback) { value throws(ParseFailure) in
                do throws(ValidationError) { _ = try build(value) } catch { throw ParseFailure("'\(value)': \(error.reason)") }
                return value
            }
        }
        let d = Defaults.bacs
        let name = try text(.bacsServiceUserName, d.serviceUserName) { v throws(ValidationError) in
            try BacsSettings(sun: d.sun, originatingSortCode: d.originatingSortCode, originatingAccount: d.originatingAccount,
                             serviceUserName: v, contraNarrative: d.contraNarrative, contraAccountName: d.contraAccountName)
        }
        let narrative = try text(.bacsContraNarrative, d.contraNarrative) { v throws(ValidationError) in
            try BacsSettings(sun: d.sun, originatingSortCode: d.originatingSortCode, originatingAccount: d.originatingAccount,
                             serviceUserName: d.serviceUserName, contraNarrative: v, contraAccountName: d.contraAccountName)
        }
        let contraName = try text(.bacsContraAccountName, d.contraAccountName) { v throws(ValidationError) in
            try BacsSettings(sun: d.sun, originatingSortCode: d.originatingSortCode, originatingAccount: d.originatingAccount,
                             serviceUserName: d.serviceUserName, contraNarrative: d.contraNarrative, contraAccountName: v)
        }
        let items = try settings.value(.bacsMaximumItemsPerFile, default: d.maximumItemsPerFile) { text throws(ParseFailure) in
            try integer(text, in: 1...BacsSettings.countFieldLimit, "a number of items")
        }
        do {
            return try BacsSettings(sun: sun, originatingSortCode: sortCode, originatingAccount: account,
                                    serviceUserName: name, contraNarrative: narrative, contraAccountName: contraName,
                                    maximumItemsPerFile: items)
        } catch {
            preconditionFailure("every Bacs setting was validated on its own: \(error)")
        }
    }
}

/// Why one setting's text was refused; the loader adds where it came from.
struct ParseFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Finds each setting in the sources by precedence and parses it, turning a parse failure into
/// a `ConfigurationError` naming the source.
struct SettingLookup {
    let sources: ConfigurationSources
    let file: ConfigurationFile?

    func raw(_ key: ConfigurationKey) -> RawSetting? {
        if let text = sources.flags[key.flag] { return RawSetting(text: text, source: .flag(key.flag)) }
        if let text = sources.environment[key.environmentVariable] {
            return RawSetting(text: text, source: .environment(key.environmentVariable))
        }
        if let file, let text = file.values[key.fileKey] {
            return RawSetting(text: text, source: .file(path: file.path, key: key.fileKey))
        }
        return nil
    }

    func value<Value>(_ key: ConfigurationKey, default fallback: Value, _ parse: (String) throws(ParseFailure) -> Value) throws(ConfigurationError) -> Value {
        guard let raw = raw(key) else { return fallback }
        do { return try parse(raw.text) } catch { throw ConfigurationError(raw.source, error.message) }
    }

    func required<Value>(_ key: ConfigurationKey, _ parse: (String) throws(ParseFailure) -> Value) throws(ConfigurationError) -> (value: Value, source: ConfigurationSource) {
        guard let raw = raw(key) else { throw ConfigurationError(.missing(key), "required, and not set") }
        do { return (try parse(raw.text), raw.source) } catch { throw ConfigurationError(raw.source, error.message) }
    }
}

func nonEmpty(_ text: String) throws(ParseFailure) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { throw ParseFailure("is empty") }
    return trimmed
}

func integer(_ text: String, in range: ClosedRange<Int>, _ what: String) throws(ParseFailure) -> Int {
    guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
        throw ParseFailure("'\(text)' is not \(what) within \(range.lowerBound)...\(range.upperBound)")
    }
    return value
}

func parseBootstrapServers(_ text: String) throws(ParseFailure) -> [String] {
    let servers = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard !servers.isEmpty else { throw ParseFailure("is empty: give at least one host:port") }
    for server in servers {
        guard let colon = server.lastIndex(of: ":"), colon != server.startIndex,
              let port = Int(server[server.index(after: colon)...]), (1...65_535).contains(port) else {
            throw ParseFailure("'\(server)' is not host:port")
        }
    }
    return servers
}

/// Kafka's legal characters for a group id, so a typo fails here rather than at the broker.
func parseGroupID(_ text: String) throws(ParseFailure) -> String {
    let legal = text.utf8.allSatisfy { c in
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x5F || c == 0x2D
    }
    guard ServiceConfiguration.Limits.groupIDLength.contains(text.utf8.count), legal else {
        throw ParseFailure("'\(text)' must be 1 to 255 of A-Z a-z 0-9 . _ -")
    }
    return text
}

/// `30s`, `2m`, `1m30s`, or a plain number of seconds.
func parseGracePeriod(_ text: String) throws(ParseFailure) -> Duration {
    let limits = ServiceConfiguration.Limits.shutdownGracePeriodSeconds
    let failure = ParseFailure("'\(text)' is not a duration of \(limits.lowerBound) s to \(limits.upperBound) s, such as 30s, 2m or 1m30s")
    var seconds = 0
    if let plain = Int(text) {
        seconds = plain
    } else {
        var number = ""
        for ch in text {
            if ch.isASCII, ch.isNumber { number.append(ch); continue }
            guard let n = Int(number), number.count <= 6 else { throw failure }
            switch ch {
            case "m": seconds += n * 60
            case "s": seconds += n
            default: throw failure
            }
            number = ""
        }
        guard number.isEmpty, !text.isEmpty else { throw failure }
    }
    guard limits.contains(seconds) else { throw failure }
    return .seconds(seconds)
}

func parseLogLevel(_ text: String) throws(ParseFailure) -> Logger.Level {
    guard let level = Logger.Level(rawValue: text.lowercased()) else {
        throw ParseFailure("'\(text)' is not one of " + Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
    }
    return level
}
