/// One England and Wales bank holiday: the day it is observed and what it is for.
public struct BankHoliday: Hashable, Sendable, CustomStringConvertible {
    public let date: CalendarDate
    public let name: String

    public init(date: CalendarDate, name: String) {
        self.date = date
        self.name = name
    }

    public var description: String { "\(date) \(name)" }
}

/// England and Wales bank holidays by rule (DOMAIN.md section 2), before any override.
public enum BankHolidayRules {
    /// The holidays of `year`, in date order.
    public static func holidays(year: Int) -> [BankHoliday] {
        var holidays: [BankHoliday] = []

        let newYear = CalendarDate.clamped(year: year, month: 1, day: 1)
        holidays.append(BankHoliday(date: firstWeekday(onOrAfter: newYear, notIn: []), name: "New Year's Day"))

        let easter = Easter.sunday(year: year)
        holidays.append(BankHoliday(date: easter.adding(days: -2), name: "Good Friday"))
        holidays.append(BankHoliday(date: easter.adding(days: 1), name: "Easter Monday"))

        holidays.append(BankHoliday(date: firstMonday(year: year, month: 5), name: "Early May bank holiday"))
        holidays.append(BankHoliday(date: lastMonday(year: year, month: 5), name: "Spring bank holiday"))
        holidays.append(BankHoliday(date: lastMonday(year: year, month: 8), name: "Summer bank holiday"))

        // Christmas Day, then Boxing Day, each on the first weekday on or after its date that
        // is not already taken.
        let christmas = firstWeekday(onOrAfter: CalendarDate.clamped(year: year, month: 12, day: 25), notIn: [])
        let boxingDay = firstWeekday(onOrAfter: CalendarDate.clamped(year: year, month: 12, day: 26), notIn: [christmas])
        holidays.append(BankHoliday(date: christmas, name: "Christmas Day"))
        holidays.append(BankHoliday(date: boxingDay, name: "Boxing Day"))
        return holidays
    }

    private static func firstWeekday(onOrAfter date: CalendarDate, notIn taken: Set<CalendarDate>) -> CalendarDate {
        var candidate = date
        while candidate.weekday.isWeekend || taken.contains(candidate) { candidate = candidate.adding(days: 1) }
        return candidate
    }

    private static func firstMonday(year: Int, month: Int) -> CalendarDate {
        let first = CalendarDate.clamped(year: year, month: month, day: 1)
        return first.adding(days: (Weekday.monday.rawValue - first.weekday.rawValue + 7) % 7)
    }

    private static func lastMonday(year: Int, month: Int) -> CalendarDate {
        let last = CalendarDate.clamped(year: year, month: month, day: 31)
        return last.adding(days: -((last.weekday.rawValue - Weekday.monday.rawValue + 7) % 7))
    }
}
