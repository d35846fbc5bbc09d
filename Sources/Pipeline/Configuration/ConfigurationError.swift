/// A bad setting, found once at start-up: it names the setting as the operator wrote it (the
/// flag, the environment variable or the file and key) and says what is wrong. `backstop run`
/// prints it and exits with status 2 (DESIGN.md 6).
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let source: ConfigurationSource
    public let message: String

    public init(_ source: ConfigurationSource, _ message: String) {
        self.source = source
        self.message = message
    }

    /// The exit status of a process that stops on a configuration error.
    public static let exitStatus: Int32 = 2

    public var description: String { "\(source): \(message)" }
}

/// Where a setting's value came from, named as the operator would find it.
public enum ConfigurationSource: Sendable, Equatable, CustomStringConvertible {
    case flag(String)
    case environment(String)
    case file(path: String, key: String)
    /// The config file as a whole (it cannot be read, or is not a YAML mapping).
    case configFile(String)
    /// A required setting given nowhere.
    case missing(ConfigurationKey)

    public var description: String {
        switch self {
        case .flag(let flag): "--\(flag)"
        case .environment(let name): name
        case .file(let path, let key): "\(path): \(key)"
        case .configFile(let path): path
        case .missing(let key):
            "\(key.fileKey) (--\(key.flag), \(key.environmentVariable) or \(key.fileKey) in the config file)"
        }
    }
}
