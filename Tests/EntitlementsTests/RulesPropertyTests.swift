import Foundation
import Testing
import TestSupport
@testable import Entitlements

@Suite("Rules against simple oracles, on random awards (seeded)")
struct RulesPropertyTests {
    let calendar = PaymentCalendar()

    /// Every nominal due date up to `limit`, by walking from the first one (no skipping ahead).
    func oracleDueDates(_ facts: AwardFacts, upTo limit: CalendarDate) -> [CalendarDate] {
        var dates: [CalendarDate] = []
        var index = 0
        while true {
            let date: CalendarDate
            if let interval = facts.frequency.intervalDays {
                date = facts.firstDueDate.adding(days: index * interval)
            } else {
                let (y, m, d) = facts.firstDueDate.components
                let months = (m - 1) + index
                date = CalendarDate.clamped(year: y + months / 12, month: months % 12 + 1, day: d)
            }
            if date > limit { return dates }
            dates.append(date)
            index += 1
        }
    }

    func oracleAmount(_ facts: AwardFacts, on date: CalendarDate) -> Pence {
        var rate = facts.startAmount, rateKey: (CalendarDate, UInt64)? = nil
        for change in facts.rateChanges where change.effectiveFrom <= date {
            if rateKey == nil || (change.effectiveFrom, change.sequence) > rateKey! { rate = change.amount; rateKey = (change.effectiveFrom, change.sequence) }
        }
        var deductions: Pence = .zero
        for deduction in facts.deductions where deduction.isActive(on: date) {
            let replaced = facts.deductions.contains { $0.deductionID == deduction.deductionID && $0.sequence > deduction.sequence }
            if !replaced { deductions += deduction.amount }
        }
        return deductions >= rate ? .zero : rate - deductions
    }

    func randomAward(_ g: inout SeededGenerator, index: Int) -> AwardFacts {
        let base = day("2026-01-01")
        func randomDay() -> CalendarDate { base.adding(days: Int.random(in: 0...500, using: &g)) }
        var sequence: UInt64 = 0
        func next() -> UInt64 { sequence += UInt64.random(in: 1...3, using: &g); return sequence }
        var facts = AwardFacts(
            awardID: try! AwardID("R\(index)"), nino: testNINO, benefit: Benefit.allCases.randomElement(using: &g)!,
            frequency: Frequency.allCases.randomElement(using: &g)!, firstDueDate: randomDay(),
            startAmount: Pence(Int64.random(in: 0...2_100_000, using: &g)),
            startEndDate: Bool.random(using: &g) ? randomDay() : nil)
        for _ in 0..<Int.random(in: 0...4, using: &g) {
            facts.rateChanges.append(.init(effectiveFrom: randomDay(), amount: Pence(Int64.random(in: 0...2_100_000, using: &g)), sequence: next()))
        }
        for _ in 0..<Int.random(in: 0...3, using: &g) {
            let from = randomDay()
            facts.deductions.append(.init(deductionID: "D\(Int.random(in: 0...2, using: &g))", amount: Pence(Int64.random(in: 0...50_000, using: &g)),
                                          from: from, to: Bool.random(using: &g) ? from.adding(days: Int.random(in: 0...90, using: &g)) : nil,
                                          sequence: next()))
        }
        for _ in 0..<Int.random(in: 0...3, using: &g) {
            facts.suspensionChanges.append(.init(Bool.random(using: &g) ? .suspended : .resumed, from: randomDay(), sequence: next()))
        }
        return facts
    }

    @Test("the scanned due dates are exactly those whose payment date is in the window; amounts match the oracle; figures reconcile")
    func randomAwards() throws {
        var g = SeededGenerator(seed: 20261201)
        let rules = PaymentRules(calendar: calendar, settings: try RuleSettings())
        for index in 0..<3_000 {
            let facts = randomAward(&g, index: index)
            let from = day("2026-01-01").adding(days: Int.random(in: 0...520, using: &g))
            let window = try PaymentWindow(from: from, to: from.adding(days: Int.random(in: 0...30, using: &g)))
            let payments = rules.duePayments(award: facts, claimant: claimant(), window: window, scope: .all, ledger: Set<PaymentID>())

            let expected = oracleDueDates(facts, upTo: window.to.adding(days: 40))
                .filter { window.contains(calendar.paymentDate(forDueDate: $0)) }
            #expect(payments.map(\.dueDate) == expected, "award \(index)")
            for payment in payments {
                #expect(payment.amount == oracleAmount(facts, on: payment.dueDate), "award \(index) \(payment.dueDate)")
                #expect(calendar.isWorkingDay(payment.paymentDate))
            }
            try RunFigures(duePayments: payments).checkReconciles()
        }
    }
}

@Suite("Run figures (DOMAIN.md 4: due = paid + excluded)")
struct RunFiguresTests {
    @Test("tallies due, paid and each reason; reconciles; a different paid tally fails")
    func reconcile() throws {
        let rules = PaymentRules(calendar: PaymentCalendar(), settings: try RuleSettings())
        let window = try PaymentWindow(from: day("2026-03-02"), to: day("2026-03-27"))
        var facts = award(first: "2026-03-02", frequency: .weekly, amount: 10_000)
        facts.paidByEstate = [day("2026-03-09")]
        let payments = rules.duePayments(award: facts, claimant: claimant(died: "2026-03-16"), window: window, scope: .all, ledger: Set<PaymentID>())
        let figures = RunFigures(duePayments: payments)
        #expect(figures.due == Tally(count: 4, pence: 40_000))
        #expect(figures.paid == Tally(count: 2, pence: 20_000))
        #expect(figures.excluded[.paidByEstate] == Tally(count: 1, pence: 10_000))
        #expect(figures.excluded[.deceased] == Tally(count: 1, pence: 10_000))
        #expect(figures.excluded[.ended] == .zero)
        #expect(figures.excluded.count == ExclusionReason.allCases.count)
        try figures.checkReconciles()

        #expect(throws: ReconciliationError.self) { try figures.withPaid(Tally(count: 2, pence: 19_999)).checkReconciles() }
        #expect(figures.withPaid(Tally(count: 3, pence: 20_000)).reconciliationProblem == "due count 4 is not paid 3 + excluded 2")
        #expect(figures.withPaid(Tally(count: 2, pence: 19_999)).reconciliationProblem == "due £400.00 is not paid £199.99 + excluded £200.00")
    }
}

@Suite("Facts are Codable for the store")
struct FactsCodingTests {
    @Test("award and claimant facts survive JSON; bank names are folded when decoded")
    func roundTrip() throws {
        var facts = award(first: "2026-03-02", frequency: .monthly, amount: 42_490, endDate: "2027-01-01")
        facts.rateChanges = [.init(effectiveFrom: day("2026-04-06"), amount: 43_000, sequence: 7)]
        facts.suspensionChanges = [.init(.suspended, from: day("2026-05-01"), sequence: 8)]
        facts.endings = [.init(endDate: day("2026-12-31"), sequence: 9)]
        facts.deductions = [.init(deductionID: "D1", amount: 1_000, from: day("2026-03-01"), to: nil, sequence: 10)]
        facts.paidByEstate = [day("2026-03-02")]
        #expect(try JSONDecoder().decode(AwardFacts.self, from: JSONEncoder().encode(facts)) == facts)
        let person = claimant(name: "Zoë Brontë", died: "2026-06-01")
        #expect(try JSONDecoder().decode(ClaimantFacts.self, from: JSONEncoder().encode(person)) == person)
        let raw = #"{"sortCode":"089999","accountNumber":"66374958","accountName":"zoë  o'brien"}"#
        #expect(try JSONDecoder().decode(BankDetails.self, from: Data(raw.utf8)).accountName == "ZOE O BRIEN")
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(BankDetails.self, from: Data(#"{"sortCode":"08-99-99","accountNumber":"66374958","accountName":"X"}"#.utf8))
        }
    }
}
