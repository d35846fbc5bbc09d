import Entitlements

/// One credit in a Standard 18 file (DOMAIN.md 5, credit record).
public struct CreditRecord: Hashable, Sendable {
    public let sortCode: SortCode
    public let accountNumber: AccountNumber
    public let amount: Pence
    public let serviceUserName: String
    public let reference: String
    public let accountName: String

    public init(sortCode: SortCode, accountNumber: AccountNumber, amount: Pence,
                serviceUserName: String, reference: String, accountName: String) {
        self.sortCode = sortCode
        self.accountNumber = accountNumber
        self.amount = amount
        self.serviceUserName = serviceUserName
        self.reference = reference
        self.accountName = accountName
    }
}

/// Everything a complete single-day Standard 18 credit submission says (DOMAIN.md 5). The
/// writer turns it into bytes and the reader turns bytes back into it; its initialiser holds
/// the invariants a bank relies on, so every value of this type can be written.
public struct Standard18File: Hashable, Sendable {
    public let serial: SubmissionSerial
    public let sun: ServiceUserNumber
    public let creationDate: CalendarDate
    public let processingDay: CalendarDate
    public let originatingSortCode: SortCode
    public let originatingAccount: AccountNumber
    public let credits: [CreditRecord]
    public let contraNarrative: String
    public let contraAccountName: String
    /// The sum of the credits: the contra's amount, and both UTL1 totals.
    public let total: Pence

    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    public init(
        serial: SubmissionSerial, sun: ServiceUserNumber, creationDate: CalendarDate, processingDay: CalendarDate,
        originatingSortCode: SortCode, originatingAccount: AccountNumber, credits: [CreditRecord],
        contraNarrative: String, contraAccountName: String
    ) throws(Invalid) {
        guard !credits.isEmpty else { throw Invalid(reason: "a credit file holds at least one credit") }
        guard credits.count <= BacsSettings.countFieldLimit else {
            throw Invalid(reason: "\(credits.count) credits exceed the 7-digit count field")
        }
        guard processingDay >= creationDate else {
            throw Invalid(reason: "processing day \(processingDay) is before the creation date \(creationDate)")
        }
        for date in [creationDate, processingDay] where !(2000...2099).contains(date.year) {
            throw Invalid(reason: "\(date) cannot be written as a Bacs date")
        }
        var total = Pence.zero
        for (index, credit) in credits.enumerated() {
            guard credit.amount > .zero, credit.amount <= BacsSettings.amountFieldLimit else {
                throw Invalid(reason: "credit \(index + 1) amount \(credit.amount.value) is not 1 to \(BacsSettings.amountFieldLimit.value) pence")
            }
            guard let sum = total.adding(credit.amount), sum <= BacsSettings.amountFieldLimit else {
                throw Invalid(reason: "the file total exceeds \(BacsSettings.amountFieldLimit.value) pence at credit \(index + 1)")
            }
            total = sum
            for (name, text, blankAllowed) in [("service user name", credit.serviceUserName, false),
                                               ("reference", credit.reference, false),
                                               ("account name", credit.accountName, false)] {
                guard BacsText.isFolded(text, width: 18), blankAllowed || !text.isEmpty else {
                    throw Invalid(reason: "credit \(index + 1) \(name) \"\(text)\" is not 1 to 18 Bacs characters")
                }
            }
        }
        for (name, text) in [("contra narrative", contraNarrative), ("contra account name", contraAccountName)] {
            guard !text.isEmpty, BacsText.isFolded(text, width: 18) else {
                throw Invalid(reason: "\(name) \"\(text)\" is not 1 to 18 Bacs characters")
            }
        }
        self.serial = serial
        self.sun = sun
        self.creationDate = creationDate
        self.processingDay = processingDay
        self.originatingSortCode = originatingSortCode
        self.originatingAccount = originatingAccount
        self.credits = credits
        self.contraNarrative = contraNarrative
        self.contraAccountName = contraAccountName
        self.total = total
    }
}
