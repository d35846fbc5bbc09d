/// An amount of money in integer pence (DOMAIN.md: "Money is integer pence everywhere").
///
/// Arithmetic is checked: `+` and `-` stop the process on overflow (`precondition`, which stays
/// on in release builds), because a wrapped total is a wrong payment. Code that must survive
/// an overflow, such as a file total approaching the Standard 18 limit, uses
/// `addingReportingOverflow` and decides what to do.
public struct Pence: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public let value: Int64

    public static let zero = Pence(0)

    /// Any amount, negative included (a difference or a deduction total can be negative).
    public init(_ value: Int64) { self.value = value }

    public init(integerLiteral value: Int64) { self.value = value }

    /// An amount from the estate or a setting, which must not be negative (DESIGN.md 6).
    public init(nonNegative value: Int64) throws(ValidationError) {
        guard value >= 0 else { throw ValidationError(.pence, input: String(value), reason: "must not be negative") }
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// The sum and whether it overflowed; the sum is meaningless when it did.
    public func addingReportingOverflow(_ other: Pence) -> (partialValue: Pence, overflow: Bool) {
        let (sum, overflow) = value.addingReportingOverflow(other.value)
        return (Pence(sum), overflow)
    }

    /// The difference and whether it overflowed.
    public func subtractingReportingOverflow(_ other: Pence) -> (partialValue: Pence, overflow: Bool) {
        let (difference, overflow) = value.subtractingReportingOverflow(other.value)
        return (Pence(difference), overflow)
    }

    /// The sum, or nil on overflow.
    public func adding(_ other: Pence) -> Pence? {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? nil : sum
    }

    /// The difference, or nil on overflow.
    public func subtracting(_ other: Pence) -> Pence? {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? nil : difference
    }

    public static func + (a: Pence, b: Pence) -> Pence {
        let (sum, overflow) = a.addingReportingOverflow(b)
        precondition(!overflow, "Pence overflow adding \(a.value) and \(b.value)")
        return sum
    }

    public static func - (a: Pence, b: Pence) -> Pence {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        precondition(!overflow, "Pence overflow subtracting \(b.value) from \(a.value)")
        return difference
    }

    public static func += (a: inout Pence, b: Pence) { a = a + b }
    public static func -= (a: inout Pence, b: Pence) { a = a - b }

    public static func < (a: Pence, b: Pence) -> Bool { a.value < b.value }

    /// Pounds with thousands separators and two decimals: `£1,234.56`, `-£0.05`.
    public var formatted: String {
        let magnitude = value.magnitude
        let pounds = String(magnitude / 100)
        let pennies = magnitude % 100
        var grouped = ""
        for (index, digit) in pounds.enumerated() {
            if index > 0 && (pounds.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + "£" + grouped + "." + (pennies < 10 ? "0" : "") + String(pennies)
    }

    public var description: String { formatted }
}

extension Sequence where Element == Pence {
    /// The checked sum (traps on overflow, like `+`).
    public func sum() -> Pence { reduce(Pence.zero, +) }
}
