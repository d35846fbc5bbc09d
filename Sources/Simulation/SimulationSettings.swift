import Entitlements

/// What `backstop simulate` generates (DOMAIN.md 6). Every figure is a setting, not a constant;
/// the defaults are the national caseload's shape.
public struct SimulationSettings: Sendable {
    /// How many people the estate has.
    public var claimants: Int
    /// The same seed and scale always give the same estate, event for event.
    public var seed: UInt64
    /// The estate's "today": no event occurs after it, and payments whose input day is on or
    /// before it have been issued (PaymentIssued).
    public var asOf: CalendarDate
    /// How far back the history of PaymentIssued goes, in days of payment dates.
    public var paymentHistoryDays = 42
    /// Awards started at most this many years before `asOf`.
    public var maxAwardAgeYears = 6
    /// Caseload by benefit, in people; only the shares matter (DOMAIN.md 6).
    public var caseload: [Benefit: Double] = [
        .statePension: 13.0, .universalCredit: 7.0, .personalIndependencePayment: 3.5,
        .attendanceAllowance: 1.8, .employmentAndSupportAllowance: 1.5, .carersAllowance: 1.4,
        .pensionCredit: 1.4, .disabilityLivingAllowance: 1.3, .jobseekersAllowance: 0.1,
    ]
    /// People in the whole caseload, in the same unit as `caseload` (DOMAIN.md 6: about 22 million).
    public var population = 22.0
    /// Share of awards suspended in the recent past, some since resumed.
    public var suspensionRate = 0.01
    /// Share of claimants who die in a year.
    public var annualDeathRate = 0.005
    /// Share of Universal Credit awards with a deduction.
    public var universalCreditDeductionRate = 0.10
    /// Share of claimants who changed bank details since registering.
    public var bankChangeRate = 0.03
    /// Share of awards that are new claims whose first due date is still ahead.
    public var newClaimRate = 0.01
    /// The April uprating, in basis points (410 = 4.1 %).
    public var aprilUpratingBasisPoints = 410

    public init(claimants: Int, seed: UInt64, asOf: CalendarDate) {
        self.claimants = claimants
        self.seed = seed
        self.asOf = asOf
    }

    /// Checks the settings once, naming the one that is wrong (STYLE.md 12).
    public func validate() throws(SimulationError) {
        guard claimants >= 1, claimants <= NINOAllocator.capacity else {
            throw SimulationError("claimants must be between 1 and \(NINOAllocator.capacity), got \(claimants)")
        }
        guard (7...400).contains(paymentHistoryDays) else {
            throw SimulationError("paymentHistoryDays must be between 7 and 400, got \(paymentHistoryDays)")
        }
        guard (1...40).contains(maxAwardAgeYears) else {
            throw SimulationError("maxAwardAgeYears must be between 1 and 40, got \(maxAwardAgeYears)")
        }
        for (name, rate) in [("suspensionRate", suspensionRate), ("annualDeathRate", annualDeathRate),
                             ("universalCreditDeductionRate", universalCreditDeductionRate),
                             ("bankChangeRate", bankChangeRate), ("newClaimRate", newClaimRate)]
        where !(0...1).contains(rate) {
            throw SimulationError("\(name) must be between 0 and 1, got \(rate)")
        }
        guard caseload.values.allSatisfy({ $0 >= 0 }), let pensioners = caseload[.statePension], pensioners > 0,
              population > pensioners else {
            throw SimulationError("caseload must be non-negative, with State Pension above zero and below population")
        }
        guard (0...5_000).contains(aprilUpratingBasisPoints) else {
            throw SimulationError("aprilUpratingBasisPoints must be between 0 and 5000, got \(aprilUpratingBasisPoints)")
        }
    }
}

public struct SimulationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
