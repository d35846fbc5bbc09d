/// The benefits an award can be for (DESIGN.md 2.1, DOMAIN.md section 6). The raw value is
/// the code used on the topics and in payment references (`AB123456C DWP SP`).
public enum Benefit: String, CaseIterable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    case statePension = "SP"
    case pensionCredit = "PC"
    case universalCredit = "UC"
    case personalIndependencePayment = "PIP"
    case disabilityLivingAllowance = "DLA"
    case attendanceAllowance = "AA"
    case employmentAndSupportAllowance = "ESA"
    case jobseekersAllowance = "JSA"
    case carersAllowance = "CA"
    case incomeSupport = "IS"

    /// Parses a benefit code, rejecting anything that is not one of the ten codes exactly.
    public init(code: String) throws(ValidationError) {
        guard let benefit = Benefit(rawValue: code) else {
            throw ValidationError(.benefit, input: code, reason: "must be one of \(Benefit.allCases.map(\.rawValue).joined(separator: " "))")
        }
        self = benefit
    }

    public var code: String { rawValue }
    public var description: String { rawValue }
    public static func < (a: Benefit, b: Benefit) -> Bool { a.rawValue < b.rawValue }
}
