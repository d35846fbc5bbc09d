/// Identifies an estate event: 1 to 64 characters (DESIGN.md 2.1), counted as Unicode
/// scalars as JSON Schema's `maxLength` counts them.
public struct EventID: Hashable, Sendable, CustomStringConvertible, Codable, ValidatedString {
    public static let maximumLength = 64
    public let value: String

    public init(_ text: String) throws(ValidationError) {
        let length = text.unicodeScalars.count
        guard (1...EventID.maximumLength).contains(length) else {
            throw ValidationError(.eventID, input: text, reason: "must be 1 to \(EventID.maximumLength) characters, got \(length)")
        }
        value = text
    }

    public var description: String { value }
}

extension ValidationError.Code {
    public static let eventID = ValidationError.Code(rawValue: "invalid_event_id")
    public static let deductionID = ValidationError.Code(rawValue: "invalid_deduction_id")
    public static let timestamp = ValidationError.Code(rawValue: "invalid_timestamp")
}
