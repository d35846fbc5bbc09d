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

/// The parts of a Standard 18 credit file that are not credits: its labels and its contra.
public struct Standard18Header: Hashable, Sendable {
    public let serial: SubmissionSerial
    public let sun: ServiceUserNumber
    public let creationDate: CalendarDate
    public let processingDay: CalendarDate
    public let originatingSortCode: SortCode
    public let originatingAccount: AccountNumber
    public let contraNarrative: String
    public let contraAccountName: String

    public init(serial: SubmissionSerial, sun: ServiceUserNumber, creationDate: CalendarDate, processingDay: CalendarDate,
                originatingSortCode: SortCode, originatingAccount: AccountNumber, contraNarrative: String, contraAccountName: String) {
        self.serial = serial
        self.sun = sun
        self.creationDate = creationDate
        self.processingDay = processingDay
        self.originatingSortCode = originatingSortCode
        self.originatingAccount = originatingAccount
        self.contraNarrative = contraNarrative
        self.contraAccountName = contraAccountName
    }

    /// What must hold for a file with this header, `creditCount` credits and `total`.
    func validate(creditCount: Int, total: Pence) throws(Standard18File.Invalid) {
        guard creditCount > 0 else { throw .init(reason: "a credit file holds at least one credit") }
        guard creditCount <= BacsSettings.countFieldLimit else {
            throw .init(reason: "\(creditCount) credits exceed the 7-digit count field")
        }
        guard total <= BacsSettings.amountFieldLimit else {
            throw .init(reason: "the file total exceeds \(BacsSettings.amountFieldLimit.value) pence")
        }
        guard processingDay >= creationDate else {
            throw .init(reason: "processing day \(processingDay) is before the creation date \(creationDate)")
        }
        for date in [creationDate, processingDay] where !(2000...2099).contains(date.year) {
            throw .init(reason: "\(date) cannot be written as a Bacs date")
        }
        try Standard18File.requireText(contraNarrative, "contra narrative")
        try Standard18File.requireText(contraAccountName, "contra account name")
    }
}

/// Everything a complete single-day Standard 18 credit submission says (DOMAIN.md 5). The
/// writer turns it into bytes and the reader turns bytes back into it; its initialiser holds
/// the invariants a bank relies on, so every value of this type can be written.
public struct Standard18File: Hashable, Sendable {
    public let header: Standard18Header
    public let credits: [CreditRecord]
    /// The sum of the credits: the contra's amount, and both UTL1 totals.
    public let total: Pence

    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    public init(header: Standard18Header, credits: [CreditRecord]) throws(Invalid) {
        var total = Pence.zero
        for (index, credit) in credits.enumerated() {
            guard credit.amount > .zero, credit.amount <= BacsSettings.amountFieldLimit else {
                throw Invalid(reason: "credit \(index + 1) amount \(credit.amount.value) is not 1 to \(BacsSettings.amountFieldLimit.value) pence")
            }
            guard let sum = total.adding(credit.amount), sum <= BacsSettings.amountFieldLimit else {
                throw Invalid(reason: "the file total exceeds \(BacsSettings.amountFieldLimit.value) pence at credit \(index + 1)")
            }
            total = sum
            try Standard18File.requireText(credit.serviceUserName, "credit \(index + 1) service user name")
            try Standard18File.requireText(credit.reference, "credit \(index + 1) reference")
            try Standard18File.requireText(credit.accountName, "credit \(index + 1) account name")
        }
        try header.validate(creditCount: credits.count, total: total)
        self.header = header
        self.credits = credits
        self.total = total
    }

    public init(
        serial: SubmissionSerial, sun: ServiceUserNumber, creationDate: CalendarDate, processingDay: CalendarDate,
        originatingSortCode: SortCode, originatingAccount: AccountNumber, credits: [CreditRecord],
        contraNarrative: String, contraAccountName: String
    ) throws(Invalid) {
        try self.init(header: Standard18Header(
            serial: serial, sun: sun, creationDate: creationDate, processingDay: processingDay,
            originatingSortCode: originatingSortCode, originatingAccount: originatingAccount,
            contraNarrative: contraNarrative, contraAccountName: contraAccountName), credits: credits)
    }

    public var serial: SubmissionSerial { header.serial }
    public var sun: ServiceUserNumber { header.sun }
    public var creationDate: CalendarDate { header.creationDate }
    public var processingDay: CalendarDate { header.processingDay }
    public var originatingSortCode: SortCode { header.originatingSortCode }
    public var originatingAccount: AccountNumber { header.originatingAccount }
    public var contraNarrative: String { header.contraNarrative }
    public var contraAccountName: String { header.contraAccountName }

    /// A text field of a data record: 1 to 18 characters of the Bacs set (DOMAIN.md 1),
    /// left-justified and without trailing spaces (the field's fill is not part of the text).
    /// `name` is built only when the check fails.
    static func requireText(_ text: String, _ name: @autoclosure () -> String) throws(Invalid) {
        let bytes = text.utf8
        guard (1...18).contains(bytes.count), bytes.allSatisfy(BacsText.isAllowed),
              bytes.first != UInt8(ascii: " "), bytes.last != UInt8(ascii: " ") else {
            throw Invalid(reason: "\(name()) \"\(text)\" is not 1 to 18 Bacs characters, left-justified")
        }
    }
}
