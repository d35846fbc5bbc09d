import Testing
@testable import Entitlements

@Suite("Late payments: the earliest payment date a run can reach, and what is paid on it (DOMAIN.md 3)")
struct LatePaymentTests {
    let calendar = PaymentCalendar()
    var rules: PaymentRules { PaymentRules(calendar: calendar, settings: try! RuleSettings()) }

    @Test("the earliest payment date is two working days after the earliest input day", arguments: [
        // A working day: input that day, processing the next, entry the one after.
        ("2026-12-02", "2026-12-04"),  // Wednesday → Friday
        ("2026-12-04", "2026-12-08"),  // Friday → Tuesday
        // A weekend: input on Monday.
        ("2026-12-05", "2026-12-09"),  // Saturday → Wednesday
        ("2026-12-06", "2026-12-09"),  // Sunday → Wednesday
        // Christmas: processing Tuesday 29 (25 and 28 are holidays), entry Wednesday 30.
        ("2026-12-24", "2026-12-30"),
        ("2026-12-25", "2026-12-31"),  // a bank holiday: input Tuesday 29
        // Easter 2027: Good Friday 26 March and Easter Monday 29 March.
        ("2027-03-25", "2027-03-31"),
        ("2027-03-26", "2027-04-01"),
    ])
    func earliest(created: String, earliest: String) {
        let e = calendar.earliestPaymentDate(creationDate: day(created))
        #expect(e == day(earliest))
        #expect(calendar.isWorkingDay(e))
        // The file of E has a processing day after the creation date, and an input day on or after it.
        #expect(calendar.processingDay(forPaymentDate: e) > day(created))
        #expect(calendar.inputDay(forPaymentDate: e) >= day(created))
    }

    @Test("working days late count the working days after the scheduled date up to the day paid")
    func workingDaysLate() {
        #expect(calendar.workingDays(after: day("2026-12-07"), through: day("2026-12-09")) == 2)
        #expect(calendar.workingDays(after: day("2026-12-24"), through: day("2026-12-30")) == 2)
        #expect(calendar.workingDays(after: day("2026-12-09"), through: day("2026-12-09")) == 0)
    }

    @Test("a payment scheduled before the earliest payment date is paid on it, with the same due date, amount and paymentId")
    func paidLate() throws {
        // Created Sunday 6 December 2026: E is Wednesday 9. Weekly from Monday 30 November.
        let award = award(first: "2026-11-30", frequency: .weekly, amount: 23_000, id: "SP-1")
        let window = try PaymentWindow(from: day("2026-12-01"), to: day("2026-12-18"))
        let e = calendar.earliestPaymentDate(creationDate: day("2026-12-06"))
        let onTime = rules.duePayments(award: award, claimant: claimant(), window: window, scope: .all, ledger: Set<PaymentID>())
        let late = rules.duePayments(award: award, claimant: claimant(), window: window, scope: .all, ledger: Set<PaymentID>(),
                                     earliestPaymentDate: e)
        #expect(onTime.map(\.dueDate) == late.map(\.dueDate))
        #expect(onTime.map(\.paymentID) == late.map(\.paymentID))
        #expect(onTime.map(\.amount) == late.map(\.amount))
        #expect(late.map(\.paymentDate) == [day("2026-12-09"), day("2026-12-14")])
        #expect(late.map(\.scheduledPaymentDate) == [day("2026-12-07"), day("2026-12-14")])
        #expect(late.map(\.isLate) == [true, false])
        #expect(onTime.allSatisfy { !$0.isLate })
        // Late payments are paid, not excluded: they reconcile, and `late` is a part of `paid`.
        let figures = RunFigures(duePayments: late)
        #expect(figures.reconciliationProblem == nil)
        #expect(figures.late == Tally(count: 1, pence: 23_000) && figures.paid.count == 2)
    }

    @Test("the window selects by the scheduled payment date, not the late one")
    func windowSelectsScheduled() throws {
        let award = award(first: "2026-11-30", frequency: .weekly, amount: 23_000, id: "SP-2")
        // Only Monday 7 December is in the window; paid late on Wednesday 9, which is in it too.
        let window = try PaymentWindow(from: day("2026-12-07"), to: day("2026-12-07"))
        let late = rules.duePayments(award: award, claimant: claimant(), window: window, scope: .all, ledger: Set<PaymentID>(),
                                     earliestPaymentDate: day("2026-12-09"))
        #expect(late.map(\.dueDate) == [day("2026-12-07")] && late.map(\.paymentDate) == [day("2026-12-09")])
        // A window after E holds no late payments at all.
        let later = try PaymentWindow(from: day("2026-12-09"), to: day("2026-12-09"))
        #expect(rules.duePayments(award: award, claimant: claimant(), window: later, scope: .all, ledger: Set<PaymentID>(),
                                  earliestPaymentDate: day("2026-12-09")).isEmpty)
    }
}
