/// A calendar day in the proleptic Gregorian calendar, with no time and no time zone
/// (DOMAIN.md: dates are `YYYY-MM-DD`; due dates, payment dates and Bacs days are days).
///
/// Held as a count of days since 1970-01-01, so adding days and comparing are integer
/// operations; year, month and day are derived with the civil-from-days algorithm. No
/// Foundation `Calendar` is involved, so results never depend on the machine's zone.
/// Years 1 to 9999 are representable (the four-digit `YYYY` of the text form).
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int

    public static let validYears = 1...9999

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
        precondition(CalendarDate.validYears.contains(year), "CalendarDate out of range: \(daysSinceEpoch) days")
    }

    /// The date of a year, month and day, validated (30 February is refused).
    public init(year: Int, month: Int, day: Int) throws(ValidationError) {
        guard CalendarDate.validYears.contains(year) else {
            throw ValidationError(.date, input: "\(year)-\(month)-\(day)", reason: "year must be 1 to 9999")
        }
        guard (1...12).contains(month) else {
            throw ValidationError(.date, input: "\(year)-\(month)-\(day)", reason: "month must be 1 to 12")
        }
        let length = CalendarDate.daysInMonth(year: year, month: month)
        guard (1...length).contains(day) else {
            throw ValidationError(.date, input: "\(year)-\(month)-\(day)", reason: "day must be 1 to \(length) in that month")
        }
        daysSinceEpoch = CalendarDate.days(year: year, month: month, day: day)
    }

    /// The day `day` of a month, or the month's last day when the month is shorter
    /// (DOMAIN.md section 3: 31 January, then 28 or 29 February, then 31 March).
    public static func clamped(year: Int, month: Int, day: Int) -> CalendarDate {
        precondition(validYears.contains(year) && (1...12).contains(month) && day >= 1, "clamped(\(year), \(month), \(day))")
        let lastDay = daysInMonth(year: year, month: month)
        return CalendarDate(daysSinceEpoch: days(year: year, month: month, day: min(day, lastDay)))
    }

    /// Parses exactly `YYYY-MM-DD`: ten characters, digits and two hyphens, a real date.
    public init(_ text: String) throws(ValidationError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            throw ValidationError(.date, input: text, reason: "must be YYYY-MM-DD")
        }
        func number(_ range: Range<Int>) throws(ValidationError) -> Int {
            var result = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
                    throw ValidationError(.date, input: text, reason: "must be YYYY-MM-DD with digits only")
                }
                result = result * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return result
        }
        let year = try number(0..<4), month = try number(5..<7), day = try number(8..<10)
        do {
            try self.init(year: year, month: month, day: day)
        } catch {
            throw ValidationError(.date, input: text, reason: error.reason)
        }
    }

    // MARK: Components

    /// Year, month (1–12) and day (1–31).
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days: eras of 400 years starting on 1 March.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYearFromMarch = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYearFromMarch + 2) / 153
        let day = dayOfYearFromMarch - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// 1970-01-01 was a Thursday.
    public var weekday: Weekday {
        let mondayBased = ((daysSinceEpoch + 3) % 7 + 7) % 7
        return Weekday(rawValue: mondayBased + 1)!
    }

    /// 1 for 1 January … 365 or 366 for 31 December (Bacs dates, DOMAIN.md section 5).
    public var dayOfYear: Int {
        daysSinceEpoch - CalendarDate.days(year: year, month: 1, day: 1) + 1
    }

    /// The last day of this date's month.
    public var endOfMonth: CalendarDate {
        let (year, month, _) = components
        return CalendarDate.clamped(year: year, month: month, day: 31)
    }

    // MARK: Arithmetic

    public func adding(days: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The day `anchorDay` of the month `months` after this date's month, clamped to that
    /// month's end. Keeping the anchor separate is what lets MONTHLY return to the 31st in
    /// March after 28 February.
    public func addingMonths(_ months: Int, anchorDay: Int) -> CalendarDate {
        let (year, month, _) = components
        let zeroBased = year * 12 + (month - 1) + months
        return CalendarDate.clamped(year: zeroBased / 12, month: zeroBased % 12 + 1, day: anchorDay)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    // MARK: Text

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        return CalendarDate.padded(year, 4) + "-" + CalendarDate.padded(month, 2) + "-" + CalendarDate.padded(day, 2)
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    // MARK: Calendar rules

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days_from_civil (valid for the whole proleptic Gregorian calendar).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYearFromMarch = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYearFromMarch
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension CalendarDate: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
