/// Vocalink's modulus check of sort code and account (DOMAIN.md 1), available only when an
/// operator supplies the tables; without one, bank details get format checks only and the
/// run report says so.
public protocol ModulusChecker: Sendable {
    func passes(sortCode: SortCode, accountNumber: AccountNumber) -> Bool
}

/// The ledger of payments Backstop has already emitted (DESIGN.md 3): PAID_BY_BACKSTOP.
public protocol PaymentLedger {
    func contains(_ paymentID: PaymentID) -> Bool
}

extension Set: PaymentLedger where Element == PaymentID {}

/// Settings of the payment rules (STYLE.md 12), validated on construction.
public struct RuleSettings: Sendable {
    /// DOMAIN.md 4: amounts above this are held for review (OVER_ITEM_LIMIT).
    public static let defaultItemLimit = Pence(2_000_000)

    public let itemLimit: Pence
    public let modulusChecker: (any ModulusChecker)?

    public init(itemLimit: Pence = RuleSettings.defaultItemLimit, modulusChecker: (any ModulusChecker)? = nil) throws(ValidationError) {
        guard itemLimit > .zero else {
            throw ValidationError(.setting, input: String(itemLimit.value), reason: "itemLimit must be more than zero pence")
        }
        self.itemLimit = itemLimit
        self.modulusChecker = modulusChecker
    }

    /// Whether runs apply modulus checks; the report states it when they do not.
    public var modulusChecksApplied: Bool { modulusChecker != nil }
}
