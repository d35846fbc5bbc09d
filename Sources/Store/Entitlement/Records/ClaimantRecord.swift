import Entitlements

/// The latest `ClaimantUpserted` of a claimant (DESIGN.md 2.1): it replaces what was known.
public struct ClaimantRecord: Hashable, Sendable {
    public var nino: NINO
    public var name: String
    public var dateOfBirth: CalendarDate
    /// As the event holds them: format-checked, the account name folded for the file
    /// (DOMAIN.md section 1; `BankDetails` folds, and folding again changes nothing).
    public var bank: BankDetails
    public var arrival: Arrival

    public init(nino: NINO, name: String, dateOfBirth: CalendarDate, bank: BankDetails, arrival: Arrival) {
        self.nino = nino
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.bank = bank
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
