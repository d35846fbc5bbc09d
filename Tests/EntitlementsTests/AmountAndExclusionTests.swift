import Testing
@testable import Entitlements

/// A modulus checker double: fails the listed accounts.
struct FailingAccounts: ModulusChecker {
    let failing: Set<String>
    func passes(sortCode: SortCode, accountNumber: AccountNumber) -> Bool { !failing.contains(accountNumber.value) }
}

@Suite("Amounts and exclusions (DOMAIN.md 4)")
struct AmountAndExclusionTests {
    let rules = PaymentRules(calendar: PaymentCalendar(), settings: try! RuleSettings())
    let window = try! PaymentWindow(from: day("2026-03-02"), to: day("2026-03-27"))

    /// Weekly on Mondays: 2, 9, 16 and 23 March 2026, all working days.
    func weekly(amount: Pence = 10_000) -> AwardFacts { award(first: "2026-03-02", frequency: .weekly, amount: amount) }

    func evaluate(_ award: AwardFacts, _ claimant: ClaimantFacts? = claimant(), scope: BenefitScope = .all,
                  ledger: Set<PaymentID> = [], rules: PaymentRules? = nil) -> [DuePayment] {
        (rules ?? self.rules).duePayments(award: award, claimant: claimant, window: window, scope: scope, ledger: ledger)
    }

    // MARK: Amounts

    @Test("rate: the change with the greatest effectiveFrom ≤ d, else the start amount; same date: later arrival wins")
    func rates() {
        var facts = weekly()
        facts.rateChanges = [
            .init(effectiveFrom: day("2026-03-16"), amount: 30_000, sequence: 5),
            .init(effectiveFrom: day("2026-03-09"), amount: 20_000, sequence: 9),   // arrived later, dated earlier
            .init(effectiveFrom: day("2026-03-16"), amount: 31_000, sequence: 7),   // same date, arrived later: wins
            .init(effectiveFrom: day("2026-04-06"), amount: 99_000, sequence: 1),   // after the window
        ]
        #expect(evaluate(facts).map(\.amount) == [10_000, 20_000, 31_000, 31_000])
    }

    @Test("deductions active on d are summed, a later DeductionSet replaces one with the same id, floor at zero")
    func deductions() {
        var facts = weekly()
        facts.deductions = [
            .init(deductionID: "D1", amount: 1_000, from: day("2026-03-09"), to: day("2026-03-16"), sequence: 1),
            .init(deductionID: "D2", amount: 500, from: day("2026-03-16"), to: nil, sequence: 2),
            .init(deductionID: "D3", amount: 50_000, from: day("2026-03-23"), to: nil, sequence: 3),
            .init(deductionID: "D3", amount: 9_000, from: day("2026-03-23"), to: nil, sequence: 4),   // replaces
        ]
        // 2nd: none; 9th: D1; 16th: D1 (to is inclusive) + D2; 23rd: D2 + D3 (9,000).
        #expect(evaluate(facts).map(\.amount) == [10_000, 9_000, 8_500, 500])
        facts.deductions.append(.init(deductionID: "D4", amount: 20_000, from: day("2026-03-23"), to: nil, sequence: 5))
        #expect(evaluate(facts).last?.amount == 0)
        #expect(evaluate(facts).last?.exclusion == .zeroAmount)
    }

    @Test("deductions that overflow when summed saturate to a zero amount instead of stopping the run")
    func deductionOverflow() {
        var facts = weekly()
        facts.deductions = [
            .init(deductionID: "X", amount: Pence(Int64.max), from: day("2026-03-01"), to: nil, sequence: 1),
            .init(deductionID: "Y", amount: Pence(Int64.max), from: day("2026-03-01"), to: nil, sequence: 2),
        ]
        #expect(evaluate(facts).allSatisfy { $0.amount == .zero && $0.exclusion == .zeroAmount })
    }

    // MARK: Each reason on its own

    @Test("paid when nothing applies, with the claimant's bank details")
    func paid() {
        let payments = evaluate(weekly())
        #expect(payments.count == 4)
        #expect(payments.allSatisfy { $0.bankDetails?.accountName == "J SMITH" })
        #expect(payments.map(\.paymentID) == payments.map { PaymentID(awardID: $0.awardID, dueDate: $0.dueDate) })
    }

    @Test("NOT_IN_SCOPE: the command lists other benefits")
    func notInScope() {
        #expect(evaluate(weekly(), scope: .only([.universalCredit])).allSatisfy { $0.exclusion == .notInScope })
        #expect(evaluate(weekly(), scope: .only([.statePension, .universalCredit])).allSatisfy { $0.exclusion == nil })
    }

    @Test("ENDED: after the last-arrived AwardEnded's end date, else AwardStarted's")
    func ended() {
        #expect(evaluate(award(first: "2026-03-02", frequency: .weekly, endDate: "2026-03-09")).map(\.exclusion) == [nil, nil, .ended, .ended])
        var facts = award(first: "2026-03-02", frequency: .weekly, endDate: "2026-03-09")
        facts.endings = [.init(endDate: day("2026-03-02"), sequence: 4), .init(endDate: day("2026-03-16"), sequence: 8)]
        #expect(evaluate(facts).map(\.exclusion) == [nil, nil, nil, .ended])   // sequence 8 arrived last
        facts.endings.append(.init(endDate: day("2026-03-01"), sequence: 12))
        #expect(evaluate(facts).map(\.exclusion) == [.ended, .ended, .ended, .ended])
    }

    @Test("SUSPENDED: the suspension change with the greatest from ≤ d is a suspension; same date: later arrival wins")
    func suspended() {
        var facts = weekly()
        facts.suspensionChanges = [
            .init(.suspended, from: day("2026-03-05"), sequence: 10),
            .init(.resumed, from: day("2026-03-20"), sequence: 2),      // arrived first, dated later: still resumes
            .init(.resumed, from: day("2026-03-05"), sequence: 3),      // same date as the suspension, arrived earlier: loses
        ]
        #expect(evaluate(facts).map(\.exclusion) == [nil, .suspended, .suspended, nil])
    }

    @Test("NO_CLAIMANT: no ClaimantUpserted, or only a ClaimantDied")
    func noClaimant() {
        #expect(evaluate(weekly(), nil).allSatisfy { $0.exclusion == .noClaimant })
        let deathOnly = ClaimantFacts(nino: testNINO, bank: nil, dateOfDeath: day("2026-01-01"))
        #expect(evaluate(weekly(), deathOnly).allSatisfy { $0.exclusion == .noClaimant })
    }

    @Test("DECEASED: died before d; dying on d still pays d")
    func deceased() {
        #expect(evaluate(weekly(), claimant(died: "2026-03-09")).map(\.exclusion) == [nil, nil, .deceased, .deceased])
    }

    @Test("INVALID_BANK_DETAILS: the account name folds to nothing, or the modulus check fails when loaded")
    func invalidBankDetails() throws {
        #expect(evaluate(weekly(), claimant(name: "李四")).allSatisfy { $0.exclusion == .invalidBankDetails })
        let checked = PaymentRules(calendar: PaymentCalendar(), settings: try RuleSettings(modulusChecker: FailingAccounts(failing: ["66374958"])))
        #expect(checked.settings.modulusChecksApplied && !rules.settings.modulusChecksApplied)
        #expect(evaluate(weekly(), rules: checked).allSatisfy { $0.exclusion == .invalidBankDetails })
        let passing = PaymentRules(calendar: PaymentCalendar(), settings: try RuleSettings(modulusChecker: FailingAccounts(failing: ["00000000"])))
        #expect(evaluate(weekly(), rules: passing).allSatisfy { $0.exclusion == nil })
    }

    @Test("PAID_BY_ESTATE: a PaymentIssued for the award and nominal due date")
    func paidByEstate() {
        var facts = weekly()
        facts.paidByEstate = [day("2026-03-09"), day("2026-03-10")]
        #expect(evaluate(facts).map(\.exclusion) == [nil, .paidByEstate, nil, nil])
    }

    @Test("PAID_BY_BACKSTOP: the ledger holds the payment")
    func paidByBackstop() throws {
        let ledger: Set = [PaymentID(awardID: try AwardID("A1"), dueDate: day("2026-03-16"))]
        #expect(evaluate(weekly(), ledger: ledger).map(\.exclusion) == [nil, nil, .paidByBackstop, nil])
    }

    @Test("ZERO_AMOUNT and OVER_ITEM_LIMIT (default £20,000.00: equal is paid, a penny more is held)")
    func amountsExcluded() throws {
        #expect(evaluate(weekly(amount: 0)).allSatisfy { $0.exclusion == .zeroAmount })
        #expect(evaluate(weekly(amount: 2_000_000)).allSatisfy { $0.exclusion == nil })
        #expect(evaluate(weekly(amount: 2_000_001)).allSatisfy { $0.exclusion == .overItemLimit && $0.amount == 2_000_001 })
        let strict = PaymentRules(calendar: PaymentCalendar(), settings: try RuleSettings(itemLimit: 5_000))
        #expect(evaluate(weekly(amount: 5_001), rules: strict).allSatisfy { $0.exclusion == .overItemLimit })
        #expect(throws: ValidationError.self) { try RuleSettings(itemLimit: 0) }
    }

    // MARK: Precedence

    @Test("when every reason applies, each is reported only once the ones before it are removed")
    func precedence() throws {
        let paymentID = PaymentID(awardID: try AwardID("A1"), dueDate: day("2026-03-16"))
        var facts = award(first: "2026-03-16", frequency: .monthly, amount: 0, endDate: "2026-03-01")
        facts.suspensionChanges = [.init(.suspended, from: day("2026-03-01"), sequence: 1)]
        facts.paidByEstate = [day("2026-03-16")]
        let failing = PaymentRules(calendar: PaymentCalendar(), settings: try RuleSettings(modulusChecker: FailingAccounts(failing: ["66374958"])))
        var who: ClaimantFacts? = nil
        var scope = BenefitScope.only([.carersAllowance])
        var ledger: Set<PaymentID> = [paymentID]
        var settingsRules = failing

        func reason() -> ExclusionReason? {
            let payments = evaluate(facts, who, scope: scope, ledger: ledger, rules: settingsRules)
            #expect(payments.count == 1)
            return payments.first?.exclusion
        }

        #expect(reason() == .notInScope); scope = .all
        #expect(reason() == .ended); facts = { var f = facts; f.endings = [.init(endDate: day("2026-12-31"), sequence: 2)]; return f }()
        #expect(reason() == .suspended); facts.suspensionChanges.append(.init(.resumed, from: day("2026-03-10"), sequence: 3))
        #expect(reason() == .noClaimant); who = claimant(died: "2026-03-01")
        #expect(reason() == .deceased); who = claimant()
        #expect(reason() == .invalidBankDetails); settingsRules = rules
        #expect(reason() == .paidByEstate); facts.paidByEstate = []
        #expect(reason() == .paidByBackstop); ledger = []
        #expect(reason() == .zeroAmount); facts.rateChanges = [.init(effectiveFrom: day("2026-01-01"), amount: 2_500_000, sequence: 4)]
        #expect(reason() == .overItemLimit); facts.rateChanges.append(.init(effectiveFrom: day("2026-03-16"), amount: 1_234, sequence: 5))
        #expect(reason() == nil)
    }

    @Test("the reasons are declared in DOMAIN.md's order")
    func order() {
        #expect(ExclusionReason.allCases.map(\.rawValue) == [
            "NOT_IN_SCOPE", "ENDED", "SUSPENDED", "NO_CLAIMANT", "DECEASED", "INVALID_BANK_DETAILS",
            "PAID_BY_ESTATE", "PAID_BY_BACKSTOP", "ZERO_AMOUNT", "OVER_ITEM_LIMIT",
        ])
        #expect(ExclusionReason.allCases.sorted() == ExclusionReason.allCases)
    }
}
