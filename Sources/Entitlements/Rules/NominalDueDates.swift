/// An award's nominal due dates (DOMAIN.md 3).
///
/// WEEKLY, FORTNIGHTLY and FOUR_WEEKLY step from `firstDueDate` by 7, 14 or 28 days. MONTHLY
/// takes the day of the month of `firstDueDate` in each following month, or the month's last
/// day when the month is shorter; the original day comes back in longer months (31 January,
/// 28 February, 31 March).
public enum NominalDueDates {
    /// The due dates within `range`, in order.
    public static func dates(firstDueDate: CalendarDate, frequency: Frequency, in range: ClosedRange<CalendarDate>) -> [CalendarDate] {
        guard range.upperBound >= firstDueDate else { return [] }
        var dates: [CalendarDate] = []
        if let interval = frequency.intervalDays {
            let gap = max(0, firstDueDate.days(to: range.lowerBound))
            var date = firstDueDate.adding(days: (gap + interval - 1) / interval * interval)
            while date <= range.upperBound {
                dates.append(date)
                date = date.adding(days: interval)
            }
        } else {
            let anchor = firstDueDate.day
            let (firstYear, firstMonth, _) = firstDueDate.components
            let (lowYear, lowMonth, _) = range.lowerBound.components
            var index = max(0, (lowYear - firstYear) * 12 + (lowMonth - firstMonth))
            while true {
                let date = firstDueDate.addingMonths(index, anchorDay: anchor)
                if date > range.upperBound { break }
                if date >= range.lowerBound { dates.append(date) }
                index += 1
            }
        }
        return dates
    }
}
