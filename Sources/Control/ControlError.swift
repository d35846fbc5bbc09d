/// A failure in the control module: reading keys and keyrings, or building and signing envelopes.
/// Decisions about commands are not errors: they are `CommandDecision`s.
public struct ControlError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let invalidKeyring = Code("invalid keyring")
        public static let invalidKey = Code("invalid key")
        public static let invalidEnvelope = Code("invalid envelope")
        public static let invalidCommand = Code("invalid command")
        /// A payment window whose `from` is after its `to`.
        public static let invalidWindow = Code("invalid window")
        public static let io = Code("i/o")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
