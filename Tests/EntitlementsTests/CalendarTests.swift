import Foundation
import Testing
@testable import Entitlements

/// Dates written compactly in tests.
func day(_ text: String) -> CalendarDate {
    do { return try CalendarDate(text) } catch { preconditionFailure("bad test date \(text): \(error)") }
}

@Suite("Bank holidays and working days (DOMAIN.md 2–3)")
struct CalendarTests {
    let calendar = PaymentCalendar()

    func holidays(_ year: Int, _ calendar: PaymentCalendar = PaymentCalendar()) -> [String] {
        calendar.bankHolidays(year: year).map(\.date.description)
    }

    @Test("DOMAIN.md check values 2026 and 2027, and 2025 and 2028 derived by the rules")
    func checkValues() {
        #expect(holidays(2025) == ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"])
        #expect(holidays(2026) == ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"])
        #expect(holidays(2027) == ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"])
        // 2028: 1 January is a Saturday; Easter Sunday is 16 April; Christmas is a Monday.
        #expect(holidays(2028) == ["2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26"])
    }

    @Test("Christmas and Boxing Day substitutes for every weekday arrangement")
    func christmas() {
        // 2021: Saturday 25 → Mon 27, Tue 28. 2022: Sunday 25 → Mon 26, Tue 27.
        // 2026: Friday 25 → Fri 25, Mon 28. 2027: Saturday 25 → Mon 27, Tue 28.
        #expect(holidays(2021).suffix(2) == ["2021-12-27", "2021-12-28"])
        #expect(holidays(2022).suffix(2) == ["2022-12-26", "2022-12-27"])
        #expect(holidays(2026).suffix(2) == ["2026-12-25", "2026-12-28"])
        #expect(holidays(2029).suffix(2) == ["2029-12-25", "2029-12-26"])
    }

    @Test("Easter Sunday by the computus, against published dates")
    func easter() {
        let published = ["2000-04-23", "2008-03-23", "2011-04-24", "2019-04-21", "2024-03-31", "2025-04-20",
                         "2026-04-05", "2027-03-28", "2028-04-16", "2038-04-25", "2285-03-22"]
        for text in published {
            #expect(Easter.sunday(year: day(text).year) == day(text))
        }
    }

    @Test("every rule holiday is a weekday, eight a year, none twice")
    func ruleInvariants() {
        for year in 1950...2150 {
            let dates = BankHolidayRules.holidays(year: year).map(\.date)
            #expect(dates.count == 8 && Set(dates).count == 8)
            #expect(dates.allSatisfy { !$0.weekday.isWeekend && $0.year == year })
        }
    }

    @Test("the example override file reproduces the published 2020, 2022 and 2023 holidays")
    func overrideFile() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../calendar/overrides.example").standardizedFileURL
        let withOverrides = PaymentCalendar(overrides: try CalendarOverrides(contentsOf: file))
        #expect(holidays(2020, withOverrides) == ["2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"])
        #expect(holidays(2022, withOverrides) == ["2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"])
        #expect(holidays(2023, withOverrides).contains("2023-05-08"))
        #expect(withOverrides.bankHolidays(year: 2023).first { $0.date == day("2023-05-08") }?.name == "Coronation of King Charles III")
        #expect(!withOverrides.isWorkingDay(day("2022-09-19")))
        #expect(withOverrides.isWorkingDay(day("2022-05-30")))
        #expect(calendar.isWorkingDay(day("2022-09-19")))
    }

    @Test("overrides add and remove dates; mistakes are refused with the line number")
    func overrideParsing() throws {
        let overrides = try CalendarOverrides(parsing: "# test\n\n+2026-05-08 VE day\n-  2026-12-28\n")
        #expect(overrides.added == [day("2026-05-08"): "VE day"])
        #expect(overrides.removed == [day("2026-12-28")])
        let adjusted = PaymentCalendar(overrides: overrides)
        #expect(holidays(2026, adjusted) == ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-08", "2026-05-25", "2026-08-31", "2026-12-25"])
        #expect(!adjusted.isWorkingDay(day("2026-05-08")) && adjusted.isWorkingDay(day("2026-12-28")))

        let mistakes = [
            ("+2026-05-08\n*2026-05-09", "line 2"),
            ("+2026-02-30 nonsense", "line 1"),
            ("-2026-05-08 not a rule holiday", "line 1"),
            ("+2026-12-25 already", "line 1"),
            ("+2026-05-08 a\n\n+2026-05-08 b", "line 3"),
            ("+2026-05-08x", "line 1"),
        ]
        for (text, line) in mistakes {
            do {
                _ = try CalendarOverrides(parsing: text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.code == .calendarOverride)
                #expect(error.reason.hasPrefix(line + ":"), "\(error)")
            }
        }
        #expect(throws: ValidationError.self) { try CalendarOverrides(added: [day("2026-12-25"): "x"], removed: []) }
    }

    @Test("payment date is the due date or the nearest working day before it")
    func paymentDates() {
        #expect(calendar.paymentDate(forDueDate: day("2026-03-31")) == day("2026-03-31"))   // Tuesday
        #expect(calendar.paymentDate(forDueDate: day("2026-03-29")) == day("2026-03-27"))   // Sunday → Friday
        #expect(calendar.paymentDate(forDueDate: day("2026-04-06")) == day("2026-04-02"))   // Easter Monday → Thursday
        #expect(calendar.paymentDate(forDueDate: day("2026-04-03")) == day("2026-04-02"))   // Good Friday → Thursday
        #expect(calendar.paymentDate(forDueDate: day("2026-05-25")) == day("2026-05-22"))   // bank holiday Monday → Friday
        #expect(calendar.paymentDate(forDueDate: day("2026-12-28")) == day("2026-12-24"))   // Boxing Day substitute → Thursday 24th
        #expect(calendar.paymentDate(forDueDate: day("2027-12-28")) == day("2027-12-24"))   // Sat 25 to Tue 28 all pay Friday 24th
        #expect(calendar.paymentDate(forDueDate: day("2028-01-03")) == day("2027-12-31"))   // New Year substitute crosses the year
    }

    @Test("processing and input days step back over weekends and holidays")
    func bacsDays() {
        // Payment (entry) Tuesday 31 March 2026: processing Monday 30, input Friday 27.
        #expect(calendar.processingDay(forPaymentDate: day("2026-03-31")) == day("2026-03-30"))
        #expect(calendar.inputDay(forPaymentDate: day("2026-03-31")) == day("2026-03-27"))
        // Payment Tuesday 7 April 2026, after Easter: processing Thursday 2, input Wednesday 1.
        #expect(calendar.processingDay(forPaymentDate: day("2026-04-07")) == day("2026-04-02"))
        #expect(calendar.inputDay(forPaymentDate: day("2026-04-07")) == day("2026-04-01"))
        // Payment Tuesday 29 December 2026: processing Thursday 24, input Wednesday 23.
        #expect(calendar.processingDay(forPaymentDate: day("2026-12-29")) == day("2026-12-24"))
        #expect(calendar.inputDay(forPaymentDate: day("2026-12-29")) == day("2026-12-23"))
        #expect(calendar.nextWorkingDay(after: day("2026-12-24")) == day("2026-12-29"))
    }

    @Test("years outside the precomputed range give the same answers")
    func outsidePrecomputed() {
        let narrow = PaymentCalendar(precomputedYears: 2026...2026)
        var date = day("2024-01-01")
        while date < day("2029-01-01") {
            #expect(narrow.isWorkingDay(date) == calendar.isWorkingDay(date))
            date = date.adding(days: 1)
        }
    }
}
