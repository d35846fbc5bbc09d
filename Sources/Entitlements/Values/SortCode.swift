/// A bank sort code: exactly 6 digits (DOMAIN.md section 1). `08-99-99` is bad input.
public struct SortCode: Hashable, Sendable, CustomStringConvertible, Codable, ValidatedString {
    public let value: String

    public init(_ text: String) throws(ValidationError) {
        if let problem = exactDigitsProblem(text, count: 6) {
            throw ValidationError(.sortCode, input: text, reason: problem)
        }
        value = text
    }

    public var description: String { value }
}
