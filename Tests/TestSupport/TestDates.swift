import Foundation

/// Dates for tests that run real commands against today's clock: a run's window, a simulated
/// estate's as-of date. Tests take their dates from here (or from an injected clock), never as
/// fixed strings, so that they pass on any day (a fixed window eventually lies in the past).
public enum TestDates {
    /// The UTC date `days` after today (before it when negative), as `YYYY-MM-DD`.
    public static func today(plus days: Int = 0, now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(byAdding: .day, value: days, to: now)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
