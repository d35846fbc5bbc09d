/// Checks that a text is exactly `count` ASCII digits, with nothing else (no hyphens or
/// spaces: the estate sends normalised numbers, DOMAIN.md section 1).
func exactDigitsProblem(_ text: String, count: Int) -> String? {
    let bytes = text.utf8
    guard bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
        return "must contain only the digits 0–9"
    }
    guard bytes.count == count else { return "must be exactly \(count) digits, got \(bytes.count)" }
    return nil
}

/// Codable as a plain string for the identifier types that are one validated string.
protocol ValidatedString: Codable {
    init(_ text: String) throws(ValidationError)
    var value: String { get }
}

extension ValidatedString {
    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
