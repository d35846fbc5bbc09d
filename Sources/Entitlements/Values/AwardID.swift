/// An award identifier, unique across the estate: 1 to 32 characters (DESIGN.md 2.1).
/// Characters are counted as Unicode scalars, as JSON Schema's `maxLength` counts them.
/// Control characters are refused, since the id is printed in reports and logs.
public struct AwardID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable, ValidatedString {
    public static let maximumLength = 32
    public let value: String

    public init(_ text: String) throws(ValidationError) {
        let length = text.unicodeScalars.count
        guard (1...AwardID.maximumLength).contains(length) else {
            throw ValidationError(.awardID, input: text, reason: "must be 1 to \(AwardID.maximumLength) characters, got \(length)")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ValidationError(.awardID, input: text, reason: "must not contain control characters")
        }
        value = text
    }

    public var description: String { value }
    public static func < (a: AwardID, b: AwardID) -> Bool { a.value < b.value }
}
