import Crypto

/// What makes a payment unique (DESIGN.md 2.3): the first 32 lowercase hex digits of
/// SHA-256 of the UTF-8 string `awardId + "|" + dueDate`. The same award and nominal due
/// date give the same id in every run and every replay.
///
/// Held as two 64-bit halves, so comparing ids (files order their credits by paymentId,
/// DOMAIN.md section 5) compares integers; the order equals the order of the hex strings.
public struct PaymentID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(awardID: AwardID, dueDate: CalendarDate) {
        let digest = SHA256.hash(data: Array((awardID.value + "|" + dueDate.description).utf8))
        var high: UInt64 = 0, low: UInt64 = 0
        for (index, byte) in digest.prefix(16).enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.high = high
        self.low = low
    }

    /// Parses the 32-character lowercase hex form.
    public init(_ hex: String) throws(ValidationError) {
        let bytes = Array(hex.utf8)
        guard bytes.count == 32 else {
            throw ValidationError(.paymentID, input: hex, reason: "must be 32 hex digits, got \(bytes.count) characters")
        }
        var halves: [UInt64] = [0, 0]
        for (index, byte) in bytes.enumerated() {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            default: throw ValidationError(.paymentID, input: hex, reason: "must be lowercase hex digits 0–9 a–f")
            }
            halves[index / 16] = halves[index / 16] << 4 | UInt64(nibble)
        }
        high = halves[0]
        low = halves[1]
    }

    /// The 32 lowercase hex digits.
    public var description: String { PaymentID.hex(high) + PaymentID.hex(low) }

    public static func < (a: PaymentID, b: PaymentID) -> Bool { (a.high, a.low) < (b.high, b.low) }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension PaymentID: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
