/// Identifies a deduction of an award; a later DeductionSet with the same id replaces the
/// earlier one (DESIGN.md 2.1). 1 to 64 characters, counted as Unicode scalars: Backstop
/// keeps deductions by this id, so it has a limit (topics/README.md).
public struct DeductionID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable, ValidatedString {
    public static let maximumLength = 64
    public let value: String

    public init(_ text: String) throws(ValidationError) {
        let length = text.unicodeScalars.count
        guard (1...DeductionID.maximumLength).contains(length) else {
            throw ValidationError(.deductionID, input: text, reason: "must be 1 to \(DeductionID.maximumLength) characters, got \(length)")
        }
        value = text
    }

    public var description: String { value }
    public static func < (a: DeductionID, b: DeductionID) -> Bool { a.value < b.value }
}
