/// Why a due payment is not paid (DOMAIN.md 4). The cases are declared in precedence order:
/// a due payment carries exactly one reason, the first that applies, and `allCases` (and
/// `<`) follow that order.
public enum ExclusionReason: String, CaseIterable, Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable, CustomStringConvertible {
    case notInScope = "NOT_IN_SCOPE"
    case ended = "ENDED"
    case suspended = "SUSPENDED"
    case noClaimant = "NO_CLAIMANT"
    case deceased = "DECEASED"
    case invalidBankDetails = "INVALID_BANK_DETAILS"
    case paidByEstate = "PAID_BY_ESTATE"
    case paidByBackstop = "PAID_BY_BACKSTOP"
    case zeroAmount = "ZERO_AMOUNT"
    case overItemLimit = "OVER_ITEM_LIMIT"

    var precedence: Int { ExclusionReason.allCases.firstIndex(of: self)! }

    public static func < (a: ExclusionReason, b: ExclusionReason) -> Bool { a.precedence < b.precedence }
    public var description: String { rawValue }
}
