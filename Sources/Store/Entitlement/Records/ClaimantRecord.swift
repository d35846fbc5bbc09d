import Entitlements

/// The latest `ClaimantUpserted` of a claimant (DESIGN.md 2.1): it replaces what was known.
public struct ClaimantRecord: Hashable, Sendable {
    public var nino: NINO
    public var name: String
    public var dateOfBirth: CalendarDate
    public var sortCode: SortCode
    public var accountNumber: AccountNumber
    /// As the estate sends it (at most 18 characters); folded for files by the Bacs writer.
    public var accountName: String
    public var rollNumber: String?
    public var arrival: Arrival

    public init(
        nino: NINO, name: String, dateOfBirth: CalendarDate, sortCode: SortCode, accountNumber: AccountNumber,
        accountName: String, rollNumber: String?, arrival: Arrival
    ) {
        self.nino = nino
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.sortCode = sortCode
        self.accountNumber = accountNumber
        self.accountName = accountName
        self.rollNumber = rollNumber
        self.arrival = arrival
    }
}

/// A `ClaimantDied`. Kept apart from the claimant record, so that a later `ClaimantUpserted`
/// never undoes it (DOMAIN.md section 4, DECEASED). A later `ClaimantDied` replaces it.
public struct DeathRecord: Hashable, Sendable {
    public var nino: NINO
    public var dateOfDeath: CalendarDate
    public var arrival: Arrival

    public init(nino: NINO, dateOfDeath: CalendarDate, arrival: Arrival) {
        self.nino = nino
        self.dateOfDeath = dateOfDeath
        self.arrival = arrival
    }
}
