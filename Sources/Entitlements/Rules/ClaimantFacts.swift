/// Where a claimant is paid (DESIGN.md 2.1 ClaimantUpserted `bank`). The account name is held
/// folded for an 18-character Standard 18 field (DOMAIN.md 1), which is exactly what files and
/// backstop.payments carry.
public struct BankDetails: Hashable, Sendable, Codable {
    /// Width of the destination account name field of a credit record (DOMAIN.md 5).
    public static let accountNameWidth = 18

    public let sortCode: SortCode
    public let accountNumber: AccountNumber
    /// Folded; may be empty, which makes the details unusable (INVALID_BANK_DETAILS).
    public let accountName: String
    public let rollNumber: String?

    /// Folds `accountName` as DOMAIN.md 1 says.
    public init(sortCode: SortCode, accountNumber: AccountNumber, accountName: String, rollNumber: String? = nil) {
        self.sortCode = sortCode
        self.accountNumber = accountNumber
        self.accountName = BacsText.fold(accountName, width: BankDetails.accountNameWidth)
        self.rollNumber = rollNumber
    }

    enum CodingKeys: String, CodingKey { case sortCode, accountNumber, accountName, rollNumber }

    /// Decoding folds the account name as the initialiser does, whatever wrote it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(sortCode: try container.decode(SortCode.self, forKey: .sortCode),
                  accountNumber: try container.decode(AccountNumber.self, forKey: .accountNumber),
                  accountName: try container.decode(String.self, forKey: .accountName),
                  rollNumber: try container.decodeIfPresent(String.self, forKey: .rollNumber))
    }
}

/// What is known about the claimant behind an award's NINO (DOMAIN.md 4).
public struct ClaimantFacts: Hashable, Sendable, Codable {
    public let nino: NINO
    /// The bank details of the latest valid ClaimantUpserted; nil when none has arrived
    /// (a ClaimantDied can arrive first), which excludes the claimant's payments as NO_CLAIMANT.
    public var bank: BankDetails?
    /// From ClaimantDied; a later ClaimantUpserted does not undo it.
    public var dateOfDeath: CalendarDate?

    public init(nino: NINO, bank: BankDetails?, dateOfDeath: CalendarDate? = nil) {
        self.nino = nino
        self.bank = bank
        self.dateOfDeath = dateOfDeath
    }
}
