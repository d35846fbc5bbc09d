import Entitlements

/// Seconds since 1970-01-01T00:00:00Z, and their RFC 3339 form, without Foundation's
/// formatters: the simulator renders millions of timestamps.
enum Clock {
    static func seconds(_ date: CalendarDate) -> Int64 { Int64(date.daysSinceEpoch) * 86_400 }

    /// A moment between 07:00 and 18:00, when the estate's offices work.
    static func officeHours(_ rng: inout SplitMix64) -> Int64 { Int64(rng.int(7 * 3_600...18 * 3_600)) }

    static func rfc3339(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let date = CalendarDate(daysSinceEpoch: Int(days))
        return "\(date)T\(two(secondOfDay / 3_600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
