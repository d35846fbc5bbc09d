/// A bank account number: exactly 8 digits (DOMAIN.md section 1). The estate sends
/// normalised numbers, so 6 or 7 digits, or a hyphen, are bad input rather than padded.
public struct AccountNumber: Hashable, Sendable, CustomStringConvertible, Codable, ValidatedString {
    public let value: String

    public init(_ text: String) throws(ValidationError) {
        if let problem = exactDigitsProblem(text, count: 8) {
            throw ValidationError(.accountNumber, input: text, reason: problem)
        }
        value = text
    }

    public var description: String { value }
}
