/// An instant in UTC with nanosecond precision: the `occurredAt` of an estate event
/// (DESIGN.md 2.1: "RFC 3339, UTC").
///
/// The accepted text is exactly `YYYY-MM-DDTHH:MM:SS[.fraction]Z`: upper-case `T` and `Z`, one
/// to nine fractional digits, no offset other than `Z`, no leap second (Java's `Instant`, which
/// estate producers use, never writes one). `topics/schemas/` states the same rule as a pattern.
public struct UTCInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it).
    public let secondsSinceEpoch: Int64
    /// Nanoseconds within the second, 0 to 999,999,999.
    public let nanoseconds: Int32

    public init(secondsSinceEpoch: Int64, nanoseconds: Int32 = 0) {
        precondition((0..<1_000_000_000).contains(nanoseconds), "UTCInstant nanoseconds out of range: \(nanoseconds)")
        self.secondsSinceEpoch = secondsSinceEpoch
        self.nanoseconds = nanoseconds
    }

    /// Parses an RFC 3339 UTC instant (see the type's documentation for the exact form).
    public init(_ text: String) throws(ValidationError) {
        var text = text
        let parsed = text.withUTF8 { bytes in
            Result { () throws(ValidationError) in try UTCInstant(utf8: bytes) }
        }
        self = try parsed.get()
    }

    /// Parses the UTF-8 bytes of an RFC 3339 UTC instant.
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(ValidationError) {
        func fail(_ reason: String) -> ValidationError {
            ValidationError(.timestamp, input: String(decoding: bytes, as: UTF8.self), reason: reason)
        }
        // YYYY-MM-DDTHH:MM:SS is 19 bytes; then an optional fraction, then Z.
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { throw fail("must be YYYY-MM-DDTHH:MM:SS[.fraction]Z") }
        guard bytes[bytes.count - 1] == UInt8(ascii: "Z") else {
            throw fail("must be UTC, ending in Z")
        }
        func number(_ range: Range<Int>) throws(ValidationError) -> Int {
            var result = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { throw fail("must be YYYY-MM-DDTHH:MM:SS[.fraction]Z with digits only") }
                result = result * 10 + Int(digit)
            }
            return result
        }
        let date: CalendarDate
        do {
            date = try CalendarDate(year: try number(0..<4), month: try number(5..<7), day: try number(8..<10))
        } catch {
            throw fail(error.reason)
        }
        let hour = try number(11..<13), minute = try number(14..<16), second = try number(17..<19)
        guard hour < 24 else { throw fail("hour must be 00 to 23") }
        guard minute < 60 else { throw fail("minute must be 00 to 59") }
        guard second < 60 else { throw fail("second must be 00 to 59 (no leap seconds)") }

        var nanoseconds = 0
        let fractionDigits = bytes.count - 20
        if fractionDigits > 0 {
            guard bytes[19] == UInt8(ascii: "."), (2...10).contains(fractionDigits) else {
                throw fail("a fraction of a second must be '.' and 1 to 9 digits before Z")
            }
            nanoseconds = try number(20..<(bytes.count - 1))
            for _ in 0..<(10 - fractionDigits) { nanoseconds *= 10 }
        }
        let seconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(secondsSinceEpoch: seconds, nanoseconds: Int32(nanoseconds))
    }

    public static func < (a: UTCInstant, b: UTCInstant) -> Bool {
        (a.secondsSinceEpoch, a.nanoseconds) < (b.secondsSinceEpoch, b.nanoseconds)
    }

    /// RFC 3339 in UTC, with as many fractional digits as needed (none for a whole second).
    public var description: String {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = Int(secondsSinceEpoch - days * 86_400)
        var text = CalendarDate(daysSinceEpoch: Int(days)).description + "T"
            + CalendarDate.padded(secondOfDay / 3600, 2) + ":"
            + CalendarDate.padded(secondOfDay / 60 % 60, 2) + ":"
            + CalendarDate.padded(secondOfDay % 60, 2)
        if nanoseconds > 0 {
            var fraction = CalendarDate.padded(Int(nanoseconds), 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }
}

extension UTCInstant: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
