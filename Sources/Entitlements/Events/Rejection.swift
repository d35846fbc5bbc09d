/// An estate record the decoder refused: the reason (DESIGN.md section 6) and a detail that
/// names the field and what is wrong with it, e.g.
/// `field bank.sortCode: '12-34-56' is not 6 digits`.
///
/// The detail quotes at most `Rejection.quotedLength` characters of the offending value, so a
/// huge field cannot flood a log line.
public struct Rejection: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: Reason
    public let detail: String

    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(reason.rawValue): \(detail)" }

    /// How many characters of an offending value a detail quotes.
    public static let quotedLength = 40

    /// `'value'`, cut at `quotedLength` characters, with control characters shown as `\u{…}`.
    static func quote(_ text: String) -> String {
        var result = "'"
        var count = 0
        for scalar in text.unicodeScalars {
            if count == quotedLength {
                result += "…"
                break
            }
            if scalar.properties.generalCategory == .control {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result + "'"
    }
}
