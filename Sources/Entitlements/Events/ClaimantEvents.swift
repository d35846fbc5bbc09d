// The events of estate.claimants (DESIGN.md 2.1).

extension EstateEvent {
    /// Everything known about a claimant; replaces what was known before.
    public struct ClaimantUpserted: Hashable, Sendable {
        /// Limits on the wire (DESIGN.md 2.1): `bank.accountName` and `bank.rollNumber`.
        public static let maximumAccountNameLength = 18
        public static let maximumRollNumberLength = 18

        /// The name as the estate holds it: not empty, otherwise as sent.
        public let name: String
        public let dateOfBirth: CalendarDate
        /// Format-checked (DOMAIN.md section 1). The account name arrives as 1 to 18 characters
        /// and is held folded, as `BankDetails` holds it; one that folds to nothing is valid
        /// input and excludes the payment (INVALID_BANK_DETAILS, DOMAIN.md section 4). The
        /// roll number is as sent, 1 to 18 characters.
        public let bank: BankDetails

        public init(name: String, dateOfBirth: CalendarDate, bank: BankDetails) {
            self.name = name
            self.dateOfBirth = dateOfBirth
            self.bank = bank
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
