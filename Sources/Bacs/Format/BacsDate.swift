import Entitlements

/// Standard 18 dates: a space, the two-digit year and the three-digit day of the year
/// (DOMAIN.md 5: 31 March 2026 is ` 26090`). Two-digit years are read as 2000–2099.
public enum BacsDate {
    public static let width = 6

    public static func format(_ date: CalendarDate) -> String {
        let (year, _, _) = date.components
        precondition((2000...2099).contains(year), "Bacs dates cover 2000–2099, got \(date)")
        let yy = year % 100, ddd = date.dayOfYear
        return " " + (yy < 10 ? "0" : "") + String(yy) + String(repeating: "0", count: 3 - String(ddd).count) + String(ddd)
    }

    /// The date, or nil when the text is not a space, five digits and a real day of that year.
    public static func parse<Bytes: Collection>(_ bytes: Bytes) -> CalendarDate? where Bytes.Element == UInt8 {
        let array = Array(bytes)
        guard array.count == width, array[0] == UInt8(ascii: " "),
              array[1...].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let digits = array[1...].map { Int($0 - UInt8(ascii: "0")) }
        let year = 2000 + digits[0] * 10 + digits[1]
        let dayOfYear = digits[2] * 100 + digits[3] * 10 + digits[4]
        guard dayOfYear >= 1, dayOfYear <= (CalendarDate.isLeapYear(year) ? 366 : 365),
              let january1 = try? CalendarDate(year: year, month: 1, day: 1) else { return nil }
        return january1.adding(days: dayOfYear - 1)
    }
}
