import Testing
@testable import Entitlements

@Suite("Nominal due dates and the run window (DOMAIN.md 3)")
struct ScheduleTests {
    let rules = PaymentRules(calendar: PaymentCalendar(), settings: try! RuleSettings())

    func dates(_ first: String, _ frequency: Frequency, _ from: String, _ to: String) -> [String] {
        NominalDueDates.dates(firstDueDate: day(first), frequency: frequency, in: day(from)...day(to)).map(\.description)
    }

    @Test("fixed intervals step 7, 14 and 28 days from the first due date")
    func intervals() {
        #expect(dates("2026-01-05", .weekly, "2026-01-01", "2026-01-31") == ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"])
        #expect(dates("2026-01-05", .fortnightly, "2026-01-06", "2026-02-28") == ["2026-01-19", "2026-02-02", "2026-02-16"])
        #expect(dates("2025-12-01", .fourWeekly, "2026-03-01", "2026-04-30") == ["2026-03-23", "2026-04-20"])
        #expect(dates("2026-01-05", .weekly, "2026-01-12", "2026-01-12") == ["2026-01-12"])
        #expect(dates("2026-01-05", .weekly, "2026-01-13", "2026-01-18") == [])
        #expect(dates("2026-06-01", .weekly, "2026-01-01", "2026-05-31") == [])
    }

    @Test("monthly clamps to month end and returns to the original day: 31 Jan → 28/29 Feb → 31 Mar")
    func monthly() {
        #expect(dates("2026-01-31", .monthly, "2026-01-01", "2026-05-31") == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"])
        #expect(dates("2028-01-31", .monthly, "2028-02-01", "2028-03-31") == ["2028-02-29", "2028-03-31"])
        #expect(dates("2026-01-30", .monthly, "2026-02-01", "2026-03-31") == ["2026-02-28", "2026-03-30"])
        #expect(dates("2025-11-15", .monthly, "2026-12-01", "2027-01-31") == ["2026-12-15", "2027-01-15"])
        #expect(dates("2026-03-31", .monthly, "2026-01-01", "2026-03-30") == [])
    }

    @Test("the window takes a due date after its end whose payment date moves into it")
    func windowExtendsOverHolidays() throws {
        // Window ends Thursday 24 December 2026; 25 (Christmas), 26, 27 and 28 (Boxing Day
        // substitute) all pay on the 24th; 29 is a working day and is outside.
        let window = try PaymentWindow(from: day("2026-12-21"), to: day("2026-12-24"))
        #expect(rules.dueDateRange(for: window) == day("2026-12-21")...day("2026-12-28"))
        for due in ["2026-12-25", "2026-12-26", "2026-12-27", "2026-12-28"] {
            let payments = rules.duePayments(award: award(first: due, frequency: .fourWeekly), claimant: claimant(),
                                             window: window, scope: .all, ledger: Set<PaymentID>())
            #expect(payments.map(\.paymentDate) == [day("2026-12-24")], "due \(due)")
        }
        let later = rules.duePayments(award: award(first: "2026-12-29", frequency: .weekly), claimant: claimant(),
                                      window: window, scope: .all, ledger: Set<PaymentID>())
        #expect(later.isEmpty)
    }

    @Test("a due date inside the window whose payment date falls before it belongs to the earlier window")
    func windowStartsOnAWeekend() throws {
        let window = try PaymentWindow(from: day("2026-03-28"), to: day("2026-03-31"))   // Saturday to Tuesday
        let payments = rules.duePayments(award: award(first: "2026-03-28", frequency: .weekly), claimant: claimant(),
                                         window: window, scope: .all, ledger: Set<PaymentID>())
        #expect(payments.isEmpty)   // Saturday 28 pays Friday 27
        let monday = rules.duePayments(award: award(first: "2026-03-30", frequency: .weekly), claimant: claimant(),
                                       window: window, scope: .all, ledger: Set<PaymentID>())
        #expect(monday.map(\.paymentDate) == [day("2026-03-30")])
    }

    @Test("due on a bank holiday Monday pays the Friday before, same amount")
    func bankHolidayMonday() throws {
        let window = try PaymentWindow(from: day("2026-05-18"), to: day("2026-05-29"))
        let payments = rules.duePayments(award: award(first: "2026-05-25", frequency: .weekly, amount: 24130), claimant: claimant(),
                                         window: window, scope: .all, ledger: Set<PaymentID>())
        #expect(payments.map(\.dueDate) == [day("2026-05-25")])
        #expect(payments.map(\.paymentDate) == [day("2026-05-22")])
        #expect(payments.map(\.amount) == [24130])
    }

    @Test("Easter: Good Friday and Easter Monday due dates both pay on Maundy Thursday")
    func easter() throws {
        let window = try PaymentWindow(from: day("2026-04-01"), to: day("2026-04-02"))
        let friday = award(first: "2026-04-03", frequency: .weekly, id: "F")
        let monday = award(first: "2026-04-06", frequency: .weekly, id: "M")
        let paid = [friday, monday].flatMap {
            rules.duePayments(award: $0, claimant: claimant(), window: window, scope: .all, ledger: Set<PaymentID>())
        }
        #expect(paid.map(\.paymentDate) == [day("2026-04-02"), day("2026-04-02")])
        #expect(paid.map(\.dueDate) == [day("2026-04-03"), day("2026-04-06")])
    }

    @Test("Christmas 2027: three paydays of one monthly caseload land on Friday 24th")
    func christmasPaydays() throws {
        let window = try PaymentWindow(from: day("2027-12-24"), to: day("2027-12-24"))
        let dues = ["2027-11-25", "2027-11-26", "2027-11-27", "2027-11-28", "2027-11-29"]
        let paid = dues.enumerated().flatMap { index, first in
            rules.duePayments(award: award(first: first, frequency: .monthly, id: "U\(index)"), claimant: claimant(),
                              window: window, scope: .all, ledger: Set<PaymentID>())
        }
        // 24 (Friday) itself is not a due date here; 25–28 December are, and all pay on the 24th.
        #expect(paid.map(\.dueDate.description) == ["2027-12-25", "2027-12-26", "2027-12-27", "2027-12-28"])
        #expect(Set(paid.map(\.paymentDate)) == [day("2027-12-24")])
    }

    @Test("month end on a weekend: 31 January 2027 (Sunday) pays Friday 29th; 28 February 2027 (Sunday) pays 26th")
    func monthEnds() throws {
        let window = try PaymentWindow(from: day("2027-01-25"), to: day("2027-03-31"))
        let payments = rules.duePayments(award: award(first: "2026-10-31", frequency: .monthly), claimant: claimant(),
                                         window: window, scope: .all, ledger: Set<PaymentID>())
        #expect(payments.map(\.dueDate.description) == ["2027-01-31", "2027-02-28", "2027-03-31"])
        #expect(payments.map(\.paymentDate.description) == ["2027-01-29", "2027-02-26", "2027-03-31"])
    }

    @Test("leap year: a monthly award on the 29th pays 29 February 2028 (Tuesday)")
    func leapDay() throws {
        let window = try PaymentWindow(from: day("2028-02-01"), to: day("2028-03-31"))
        let payments = rules.duePayments(award: award(first: "2028-01-29", frequency: .monthly), claimant: claimant(),
                                         window: window, scope: .all, ledger: Set<PaymentID>())
        #expect(payments.map(\.dueDate.description) == ["2028-02-29", "2028-03-29"])
        #expect(payments.map(\.paymentDate.description) == ["2028-02-29", "2028-03-29"])
    }

    @Test("window must not run backwards")
    func window() {
        #expect(throws: ValidationError.self) { try PaymentWindow(from: day("2026-01-02"), to: day("2026-01-01")) }
    }
}

// MARK: Builders shared by the rules tests

let testNINO = try! NINO("AB123456C")

func award(first: String, frequency: Frequency, amount: Pence = 10_000, id: String = "A1", benefit: Benefit = .statePension,
           endDate: String? = nil) -> AwardFacts {
    AwardFacts(awardID: try! AwardID(id), nino: testNINO, benefit: benefit, frequency: frequency,
               firstDueDate: day(first), startAmount: amount, startEndDate: endDate.map(day))
}

func claimant(name: String = "J Smith", died: String? = nil) -> ClaimantFacts {
    ClaimantFacts(nino: testNINO,
                  bank: BankDetails(sortCode: try! SortCode("089999"), accountNumber: try! AccountNumber("66374958"), accountName: name),
                  dateOfDeath: died.map(day))
}
