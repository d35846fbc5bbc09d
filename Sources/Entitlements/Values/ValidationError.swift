/// Why a value failed validation on construction (STYLE.md 10: an error is a struct with an
/// extensible code, the offending input, and a precise explanation).
///
/// Every domain value of DOMAIN.md section 1 validates in its initialiser, so holding one
/// means it is valid; this error says which check failed.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of value was rejected. Extensible: new codes are added as static members.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let nino = Code(rawValue: "invalid_nino")
        public static let sortCode = Code(rawValue: "invalid_sort_code")
        public static let accountNumber = Code(rawValue: "invalid_account_number")
        public static let pence = Code(rawValue: "invalid_amount")
        public static let awardID = Code(rawValue: "invalid_award_id")
        public static let benefit = Code(rawValue: "invalid_benefit")
        public static let frequency = Code(rawValue: "invalid_frequency")
        public static let date = Code(rawValue: "invalid_date")
        public static let paymentID = Code(rawValue: "invalid_payment_id")
        public static let calendarOverride = Code(rawValue: "invalid_calendar_override")
        public static let awardFacts = Code(rawValue: "invalid_award_facts")
        public static let setting = Code(rawValue: "invalid_setting")
    }

    public let code: Code
    /// The rejected input, as given (possibly truncated to 64 characters for display).
    public let input: String
    /// Which rule it broke, in words an operator can act on.
    public let reason: String

    public init(_ code: Code, input: String, reason: String) {
        self.code = code
        self.input = input.count > 64 ? String(input.prefix(64)) + "…" : input
        self.reason = reason
    }

    public var description: String { "\(code): \"\(input)\": \(reason)" }
}
