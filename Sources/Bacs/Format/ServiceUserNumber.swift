import Entitlements

/// A Bacs service user number (SUN): 6 digits, configured per deployment (DOMAIN.md 5).
public struct ServiceUserNumber: Hashable, Sendable, CustomStringConvertible, Codable {
    public let value: String

    public init(_ text: String) throws(ValidationError) {
        guard text.utf8.count == 6, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw ValidationError(.setting, input: text, reason: "a service user number is exactly 6 digits")
        }
        value = text
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
