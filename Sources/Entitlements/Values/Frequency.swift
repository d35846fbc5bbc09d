/// How often an award falls due (DOMAIN.md section 3).
public enum Frequency: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case weekly = "WEEKLY"
    case fortnightly = "FORTNIGHTLY"
    case fourWeekly = "FOUR_WEEKLY"
    case monthly = "MONTHLY"

    public init(code: String) throws(ValidationError) {
        guard let frequency = Frequency(rawValue: code) else {
            throw ValidationError(.frequency, input: code, reason: "must be one of \(Frequency.allCases.map(\.rawValue).joined(separator: " "))")
        }
        self = frequency
    }

    /// Days between due dates for the fixed-interval frequencies; nil for MONTHLY, whose
    /// dates follow the calendar month (DOMAIN.md section 3).
    public var intervalDays: Int? {
        switch self {
        case .weekly: 7
        case .fortnightly: 14
        case .fourWeekly: 28
        case .monthly: nil
        }
    }

    public var description: String { rawValue }
}
