/// A run-stage setting that cannot be used, naming it (DESIGN.md section 6: exit status 2).
public struct RunConfigurationError: Error, Sendable, CustomStringConvertible {
    public let setting: String
    public let message: String

    public init(setting: String, message: String) {
        self.setting = setting
        self.message = message
    }

    public var description: String { "\(setting): \(message)" }
}
