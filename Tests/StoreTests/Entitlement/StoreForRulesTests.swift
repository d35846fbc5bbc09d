import Entitlements
import Testing
@testable import Store

@Suite("Entitlement store feeding the payment rules")
struct StoreForRulesTests {
    @Test("a run's walk over a partition gives the rules what they need: paid by the estate, by Backstop, and payable")
    func awardsThroughRules() throws {
        let test = try TestStore()
        try test.store.apply(StoreUpdate(facts: [
            (0, Fixture.claimant(Fixture.alice)),
            (0, Fixture.started("A-1", Fixture.alice)),  // SP, four-weekly from Monday 2026-01-05, £921.00
            (0, Fixture.rate("A-1", Fixture.alice, from: "2026-04-06", amount: 95_000, offset: 11)),
            (0, Fixture.deduction("A-1", Fixture.alice, "D-1", amount: 500, from: "2026-02-01", to: "2026-12-31", offset: 12)),
            (0, Fixture.paid("A-1", Fixture.alice, "2026-02-02")),
            // An award with events but no start owes nothing.
            (0, Fixture.rate("A-2", Fixture.alice, from: "2026-01-01", amount: 10, offset: 13)),
            // Another partition is not walked.
            (1, Fixture.started("B-1", Fixture.bob)),
        ]))
        try test.store.recordLedger([Fixture.ledger("A-1", "2026-03-02")], partition: 0)

        let rules = PaymentRules(calendar: PaymentCalendar(), settings: try RuleSettings())
        let window = try PaymentWindow(from: Fixture.date("2026-02-01"), to: Fixture.date("2026-04-30"))
        var due: [DuePayment] = []
        var unresolved: [AwardID] = []
        try test.store.forEachAward(partition: 0, dueDates: rules.dueDateRange(for: window)) { state in
            guard let award = state.awardFacts else {
                unresolved.append(state.awardID)
                return true
            }
            due += rules.duePayments(
                award: award, claimant: state.claimantFacts, window: window, scope: .all, ledger: state.ledgerPaymentIDs)
            return true
        }
        #expect(unresolved == [Fixture.award("A-2")])
        #expect(due.map(\.dueDate) == ["2026-02-02", "2026-03-02", "2026-03-30", "2026-04-27"].map(Fixture.date))
        #expect(due.map(\.exclusion) == [.paidByEstate, .paidByBackstop, nil, nil])
        #expect(due.map(\.amount) == [Pence(91_600), Pence(91_600), Pence(91_600), Pence(94_500)])
        #expect(due.last?.bankDetails?.accountName == "J SMITH")
    }

    @Test("a walk stops when asked, and a death reaches the rules")
    func stopAndDeath() throws {
        let test = try TestStore()
        try test.store.apply(StoreUpdate(facts: [
            (0, Fixture.claimant(Fixture.alice)),
            (0, Fixture.death(Fixture.alice, "2026-03-01")),
            (0, Fixture.started("A-1", Fixture.alice)),
            (0, Fixture.started("A-2", Fixture.alice)),
            (0, Fixture.started("A-3", Fixture.alice)),
        ]))
        var visited: [String] = []
        try test.store.forEachAward(partition: 0) { state in
            visited.append(state.awardID.value)
            #expect(state.claimantFacts?.dateOfDeath == Fixture.date("2026-03-01"))
            return visited.count < 2
        }
        #expect(visited == ["A-1", "A-2"])
    }

    @Test("each award of a walk gets exactly its own paid markers and ledger entries")
    func walkKeepsAwardsApart() throws {
        let test = try TestStore()
        var update = StoreUpdate()
        // "A-1" and "A-10" share a text prefix; "A-5" has paid markers but no award facts.
        for id in ["A-1", "A-10", "A-2"] { update.append(Fixture.started(id, Fixture.alice), partition: 0) }
        for (id, day) in [("A-1", "2026-01-05"), ("A-10", "2026-01-06"), ("A-10", "2026-02-03"), ("A-5", "2026-01-07"), ("A-2", "2026-03-01")] {
            update.append(Fixture.paid(id, Fixture.alice, day), partition: 0)
        }
        update.append(Fixture.paid("A-1", Fixture.alice, "2026-01-05"), partition: 1)
        try test.store.apply(update)
        try test.store.recordLedger([Fixture.ledger("A-10", "2026-03-03"), Fixture.ledger("A-5", "2026-03-03")], partition: 0)

        var seen: [String: [String]] = [:]
        try test.store.forEachAward(partition: 0) { state in
            seen[state.awardID.value] = state.paidByEstate.map(\.dueDate.description) + state.ledger.map { "ledger " + $0.dueDate.description }
            return true
        }
        #expect(seen == [
            "A-1": ["2026-01-05"],
            "A-10": ["2026-01-06", "2026-02-03", "ledger 2026-03-03"],
            "A-2": ["2026-03-01"],
        ])

        var windowed: [String: Int] = [:]
        try test.store.forEachAward(partition: 0, dueDates: Fixture.date("2026-01-06")...Fixture.date("2026-02-03")) { state in
            windowed[state.awardID.value] = state.paidByEstate.count
            return true
        }
        #expect(windowed == ["A-1": 0, "A-10": 2, "A-2": 0])
    }
}
