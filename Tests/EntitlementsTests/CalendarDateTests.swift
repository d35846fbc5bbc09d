import Foundation
import Testing
@testable import Entitlements

@Suite("CalendarDate: pure day arithmetic")
struct CalendarDateTests {
    @Test("parses and prints YYYY-MM-DD")
    func roundTrip() throws {
        let date = try CalendarDate("2026-03-31")
        #expect(date.components == (2026, 3, 31))
        #expect(date.description == "2026-03-31")
        #expect(try CalendarDate("1970-01-01").daysSinceEpoch == 0)
        #expect(try CalendarDate("0001-01-01").description == "0001-01-01")
        #expect(try CalendarDate("9999-12-31").description == "9999-12-31")
    }

    @Test("strict parsing refuses impossible and malformed dates",
          arguments: ["2026-02-30", "2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
                      "2026-1-01", "26-01-01", "2026/01/01", "2026-01-01T00:00:00Z", " 2026-01-01", "2026-0a-01",
                      "0000-01-01", ""])
    func refuses(text: String) {
        #expect(throws: ValidationError.self) { try CalendarDate(text) }
    }

    @Test("leap years: 29 February exists in 2024, 2028, 2000, not in 2026 or 1900")
    func leapYears() throws {
        _ = try CalendarDate("2024-02-29")
        _ = try CalendarDate("2028-02-29")
        _ = try CalendarDate("2000-02-29")
        #expect(throws: ValidationError.self) { try CalendarDate("1900-02-29") }
        #expect(CalendarDate.isLeapYear(2000) && !CalendarDate.isLeapYear(2100) && CalendarDate.isLeapYear(2028))
        #expect(try CalendarDate("2028-12-31").dayOfYear == 366)
        #expect(try CalendarDate("2026-12-31").dayOfYear == 365)
    }

    @Test("weekday and day of year")
    func weekdays() throws {
        #expect(try CalendarDate("1970-01-01").weekday == .thursday)
        #expect(try CalendarDate("2026-03-31").weekday == .tuesday)
        #expect(try CalendarDate("2028-01-03").weekday == .monday)
        #expect(try CalendarDate("1969-12-28").weekday == .sunday)
        #expect(try CalendarDate("2026-03-31").dayOfYear == 90)
        #expect(try CalendarDate("2026-03-30").dayOfYear == 89)
        #expect(try CalendarDate("2026-01-01").dayOfYear == 1)
    }

    @Test("adding days crosses months, years and leap days")
    func addingDays() throws {
        #expect(try CalendarDate("2028-02-28").adding(days: 1).description == "2028-02-29")
        #expect(try CalendarDate("2026-02-28").adding(days: 1).description == "2026-03-01")
        #expect(try CalendarDate("2026-12-31").adding(days: 1).description == "2027-01-01")
        #expect(try CalendarDate("2026-01-01").adding(days: -1).description == "2025-12-31")
        #expect(try CalendarDate("2026-01-01").days(to: CalendarDate("2027-01-01")) == 365)
    }

    @Test("agrees with Foundation's Gregorian calendar in UTC for every day 1900–2100")
    func agreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = try CalendarDate("1900-01-01"), end = try CalendarDate("2100-12-31")
        var date = start
        while date <= end {
            let moment = Date(timeIntervalSince1970: TimeInterval(date.daysSinceEpoch) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday, .dayOfYear], from: moment)
            #expect(date.components == (parts.year!, parts.month!, parts.day!))
            #expect(date.weekday.rawValue == (parts.weekday! + 5) % 7 + 1)
            #expect(date.dayOfYear == parts.dayOfYear!)
            date = date.adding(days: 1)
        }
    }

    @Test("month arithmetic clamps to month end and keeps the anchor day")
    func months() throws {
        let january31 = try CalendarDate("2026-01-31")
        #expect(january31.addingMonths(1, anchorDay: 31).description == "2026-02-28")
        #expect(january31.addingMonths(2, anchorDay: 31).description == "2026-03-31")
        #expect(january31.addingMonths(3, anchorDay: 31).description == "2026-04-30")
        #expect(january31.addingMonths(11, anchorDay: 31).description == "2026-12-31")
        #expect(january31.addingMonths(13, anchorDay: 31).description == "2027-02-28")
        #expect(try CalendarDate("2028-01-30").addingMonths(1, anchorDay: 30).description == "2028-02-29")
        #expect(try CalendarDate("2026-05-15").endOfMonth.description == "2026-05-31")
        #expect(CalendarDate.clamped(year: 2026, month: 2, day: 31).description == "2026-02-28")
    }

    @Test("Codable as the YYYY-MM-DD string")
    func codable() throws {
        #expect(String(decoding: try JSONEncoder().encode([try CalendarDate("2026-03-31")]), as: UTF8.self) == #"["2026-03-31"]"#)
        #expect(throws: (any Error).self) { try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2026-02-30"]"#.utf8)) }
    }
}
