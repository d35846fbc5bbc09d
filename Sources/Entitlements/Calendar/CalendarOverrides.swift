import Foundation

/// Bank holidays added or removed by proclamation (DOMAIN.md section 2), kept current by
/// operators in a small text file. The format, one entry a line:
///
/// ```
/// # Comments start with '#'; blank lines are ignored.
/// + 2023-05-08 Coronation of King Charles III     (a holiday added, with its name)
/// - 2020-05-04 moved to 8 May for VE Day           (a rule holiday removed, with a note)
/// ```
///
/// A line is `+` or `-`, optional spaces, a `YYYY-MM-DD` date, then optional text. A removed
/// date must be a holiday by the rules, an added date must not be one, and a date appears at
/// most once: each of these is almost certainly a typing mistake, so the file is refused with
/// the line number rather than half applied. An example is `calendar/overrides.example`.
public struct CalendarOverrides: Hashable, Sendable {
    /// Added holidays, by date.
    public let added: [CalendarDate: String]
    /// Removed rule holidays.
    public let removed: Set<CalendarDate>

    public static let none = CalendarOverrides(uncheckedAdded: [:], removed: [])

    private init(uncheckedAdded added: [CalendarDate: String], removed: Set<CalendarDate>) {
        self.added = added
        self.removed = removed
    }

    /// Overrides given directly, checked as a file's entries are.
    public init(added: [CalendarDate: String], removed: Set<CalendarDate>) throws(ValidationError) {
        for date in removed where added[date] != nil {
            throw ValidationError(.calendarOverride, input: date.description, reason: "is both added and removed")
        }
        for date in removed where !BankHolidayRules.holidays(year: date.year).contains(where: { $0.date == date }) {
            throw ValidationError(.calendarOverride, input: date.description, reason: "is removed but is not a bank holiday by the rules")
        }
        for date in added.keys where BankHolidayRules.holidays(year: date.year).contains(where: { $0.date == date }) {
            throw ValidationError(.calendarOverride, input: date.description, reason: "is added but is already a bank holiday by the rules")
        }
        self.init(uncheckedAdded: added, removed: removed)
    }

    /// Parses the text of an overrides file; errors name the line.
    public init(parsing text: String) throws(ValidationError) {
        var added: [CalendarDate: String] = [:]
        var removed: Set<CalendarDate> = []
        var seen: Set<CalendarDate> = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func refuse(_ reason: String) -> ValidationError {
                ValidationError(.calendarOverride, input: line, reason: "line \(lineNumber): \(reason)")
            }
            guard let sign = line.first, sign == "+" || sign == "-" else {
                throw refuse("must start with + (add a holiday) or - (remove one)")
            }
            let rest = line.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
            let dateText = String(rest.prefix(10))
            let date: CalendarDate
            do { date = try CalendarDate(dateText) } catch { throw refuse("date \(error.reason)") }
            let remainder = rest.dropFirst(10)
            guard remainder.isEmpty || remainder.first == " " || remainder.first == "\t" else {
                throw refuse("the date must be followed by a space")
            }
            let note = remainder.trimmingCharacters(in: .whitespaces)
            guard seen.insert(date).inserted else { throw refuse("\(date) appears more than once") }
            let isRuleHoliday = BankHolidayRules.holidays(year: date.year).contains { $0.date == date }
            if sign == "+" {
                guard !isRuleHoliday else { throw refuse("\(date) is already a bank holiday by the rules") }
                added[date] = note.isEmpty ? "Bank holiday" : note
            } else {
                guard isRuleHoliday else { throw refuse("\(date) is not a bank holiday by the rules, so it cannot be removed") }
                removed.insert(date)
            }
        }
        self.init(uncheckedAdded: added, removed: removed)
    }

    /// Reads and parses an overrides file.
    public init(contentsOf url: URL) throws {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ValidationError(.calendarOverride, input: url.path, reason: "cannot be read: \(error.localizedDescription)")
        }
        try self.init(parsing: text)
    }
}
