/// A National Insurance number (DOMAIN.md section 1).
///
/// Two prefix letters, six digits and a suffix A–D, held upper-case without spaces:
/// `^(?!BG|GB|KN|NK|NT|TN|ZZ|CR|MW|NC)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$`.
/// Input is normalised first (upper-cased, spaces removed), so `ab 12 34 56 c` is `AB123456C`.
/// There is no check digit.
public struct NINO: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The nine characters, upper case, no spaces.
    public let value: String

    public init(_ text: String) throws(ValidationError) {
        let normalised = String(text.uppercased().filter { $0 != " " })
        if let problem = NINO.problem(in: Array(normalised.utf8)) {
            throw ValidationError(.nino, input: text, reason: problem)
        }
        value = normalised
    }

    /// The six digits as a number: the NINO weekday of DOMAIN.md section 6 uses its last two.
    public var digits: Int {
        value.utf8.dropFirst(2).prefix(6).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    public var description: String { value }
    public static func < (a: NINO, b: NINO) -> Bool { a.value < b.value }

    /// Prefix pairs that are never issued, or are administrative look-alikes.
    static let refusedPrefixes: Set<String> = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "CR", "MW", "NC"]

    private static func problem(in bytes: [UInt8]) -> String? {
        guard bytes.count == 9 else { return "must be 9 characters once spaces are removed, got \(bytes.count)" }
        let first = bytes[0], second = bytes[1]
        guard isLetter(first), !"DFIQUV".utf8.contains(first) else {
            return "first prefix letter must be a letter other than D, F, I, Q, U, V"
        }
        guard isLetter(second), !"DFIQUVO".utf8.contains(second) else {
            return "second prefix letter must be a letter other than D, F, I, O, Q, U, V"
        }
        guard !refusedPrefixes.contains(String(decoding: bytes[0..<2], as: UTF8.self)) else {
            return "prefix is never issued (BG GB KN NK NT TN ZZ) or administrative (CR MW NC)"
        }
        guard bytes[2..<8].allSatisfy(isDigit) else { return "characters 3–8 must be digits" }
        guard (UInt8(ascii: "A")...UInt8(ascii: "D")).contains(bytes[8]) else {
            return "suffix must be A, B, C or D"
        }
        return nil
    }

    private static func isLetter(_ b: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) }
    private static func isDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
}

extension NINO: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
