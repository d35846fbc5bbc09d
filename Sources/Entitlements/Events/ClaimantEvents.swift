// The events of estate.claimants (DESIGN.md 2.1).

extension EstateEvent {
    /// Everything known about a claimant; replaces what was known before.
    public struct ClaimantUpserted: Hashable, Sendable {
        /// The name as the estate holds it: not empty, otherwise as sent.
        public let name: String
        public let dateOfBirth: CalendarDate
        public let bank: BankDetails

        public init(name: String, dateOfBirth: CalendarDate, bank: BankDetails) {
            self.name = name
            self.dateOfBirth = dateOfBirth
            self.bank = bank
        }
    }

    /// Where a claimant's payments go, format-checked (DOMAIN.md section 1). The account name
    /// is as the estate sent it (1 to 18 characters); it is folded only when a file is written,
    /// and a name that folds to nothing excludes the payment (DOMAIN.md section 4).
    public struct BankDetails: Hashable, Sendable {
        public static let maximumNameLength = 18
        public static let maximumRollNumberLength = 18

        public let sortCode: SortCode
        public let accountNumber: AccountNumber
        public let accountName: String
        /// A building society roll number, when there is one.
        public let rollNumber: String?

        public init(sortCode: SortCode, accountNumber: AccountNumber, accountName: String, rollNumber: String?) {
            precondition((1...Self.maximumNameLength).contains(accountName.unicodeScalars.count), "account name must be 1 to 18 characters")
            precondition(rollNumber.map { (1...Self.maximumRollNumberLength).contains($0.unicodeScalars.count) } ?? true,
                         "roll number must be 1 to 18 characters")
            self.sortCode = sortCode
            self.accountNumber = accountNumber
            self.accountName = accountName
            self.rollNumber = rollNumber
        }
    }

    /// The claimant died.
    public struct ClaimantDied: Hashable, Sendable {
        public let dateOfDeath: CalendarDate

        public init(dateOfDeath: CalendarDate) {
            self.dateOfDeath = dateOfDeath
        }
    }
}
