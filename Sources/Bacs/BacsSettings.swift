import Entitlements

/// What a deployment configures for its Bacs files (DOMAIN.md 5, STYLE.md 11–12), validated
/// once: a bad setting fails here with a message naming it.
public struct BacsSettings: Sendable, Hashable {
    /// Largest amount an 11-digit field holds, so the largest total of one file.
    public static let amountFieldLimit = Pence(99_999_999_999)
    /// Largest count the 7-digit UTL1 count field holds.
    public static let countFieldLimit = 9_999_999
    public static let defaultMaximumItemsPerFile = 250_000
    /// Width of the payment reference (credit positions 65–82).
    public static let referenceWidth = 18
    /// The longest service user name that leaves room in the reference for a NINO and the
    /// longest benefit code: 9 + 1 + name + 1 + 3 ≤ 18.
    public static let serviceUserNameMaximumLength = 4

    public let sun: ServiceUserNumber
    public let originatingSortCode: SortCode
    public let originatingAccount: AccountNumber
    /// E.g. `DWP`: the credit records' service user name and the middle of every reference.
    public let serviceUserName: String
    public let contraNarrative: String
    public let contraAccountName: String
    /// Items per file before a batch is split (default 250,000).
    public let maximumItemsPerFile: Int
    /// Total per file before a batch is split (default and at most 99,999,999,999 pence).
    public let maximumFileTotal: Pence

    public init(
        sun: ServiceUserNumber, originatingSortCode: SortCode, originatingAccount: AccountNumber,
        serviceUserName: String, contraNarrative: String, contraAccountName: String,
        maximumItemsPerFile: Int = BacsSettings.defaultMaximumItemsPerFile,
        maximumFileTotal: Pence = BacsSettings.amountFieldLimit
    ) throws(ValidationError) {
        func requireFolded(_ value: String, _ name: String, width: Int) throws(ValidationError) {
            guard !value.isEmpty, BacsText.isFolded(value, width: width) else {
                throw ValidationError(.setting, input: value, reason: "\(name) must be 1 to \(width) characters of A–Z 0–9 space . & / - with no leading, trailing or double spaces")
            }
        }
        try requireFolded(serviceUserName, "serviceUserName", width: BacsSettings.serviceUserNameMaximumLength)
        try requireFolded(contraNarrative, "contraNarrative", width: 18)
        try requireFolded(contraAccountName, "contraAccountName", width: 18)
        guard (1...BacsSettings.countFieldLimit).contains(maximumItemsPerFile) else {
            throw ValidationError(.setting, input: String(maximumItemsPerFile), reason: "maximumItemsPerFile must be 1 to \(BacsSettings.countFieldLimit)")
        }
        guard maximumFileTotal > .zero, maximumFileTotal <= BacsSettings.amountFieldLimit else {
            throw ValidationError(.setting, input: String(maximumFileTotal.value), reason: "maximumFileTotal must be 1 to \(BacsSettings.amountFieldLimit.value) pence")
        }
        self.sun = sun
        self.originatingSortCode = originatingSortCode
        self.originatingAccount = originatingAccount
        self.serviceUserName = serviceUserName
        self.contraNarrative = contraNarrative
        self.contraAccountName = contraAccountName
        self.maximumItemsPerFile = maximumItemsPerFile
        self.maximumFileTotal = maximumFileTotal
    }

    /// The payment reference: NINO, service user name, benefit code (`AB123456C DWP SP`).
    public func reference(nino: NINO, benefit: Benefit) -> String {
        var reference = String()
        reference.reserveCapacity(BacsSettings.referenceWidth)
        reference += nino.value
        reference += " "
        reference += serviceUserName
        reference += " "
        reference += benefit.code
        return reference
    }
}
