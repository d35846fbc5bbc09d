/// Working days and the Bacs days of a payment (DOMAIN.md sections 2 and 3).
///
/// A working day is Monday to Friday and not an England and Wales bank holiday, where the
/// holidays are the rules' holidays with the operators' overrides applied. The payment date is
/// Bacs's entry day; the processing day (the date in the file) is the working day before it,
/// and the input day (when the file is sent) the working day before that.
public struct PaymentCalendar: Sendable {
    public let overrides: CalendarOverrides
    /// Holidays of the years computed up front, as day numbers, so the scheduler's many
    /// look-ups are one hash probe. Years outside are computed when asked.
    private let precomputedYears: ClosedRange<Int>
    private let precomputed: Set<Int>

    public init(overrides: CalendarOverrides = .none, precomputedYears: ClosedRange<Int> = 2000...2100) {
        self.overrides = overrides
        self.precomputedYears = precomputedYears
        var days: Set<Int> = []
        for year in precomputedYears {
            for holiday in PaymentCalendar.holidays(year: year, overrides: overrides) { days.insert(holiday.date.daysSinceEpoch) }
        }
        precomputed = days
    }

    /// The bank holidays of `year` after overrides, in date order.
    public func bankHolidays(year: Int) -> [BankHoliday] {
        PaymentCalendar.holidays(year: year, overrides: overrides)
    }

    public func isBankHoliday(_ date: CalendarDate) -> Bool {
        let year = date.year
        if precomputedYears.contains(year) { return precomputed.contains(date.daysSinceEpoch) }
        return bankHolidays(year: year).contains { $0.date == date }
    }

    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        !date.weekday.isWeekend && !isBankHoliday(date)
    }

    /// The nearest working day strictly before `date`.
    public func previousWorkingDay(before date: CalendarDate) -> CalendarDate {
        var candidate = date.adding(days: -1)
        while !isWorkingDay(candidate) { candidate = candidate.adding(days: -1) }
        return candidate
    }

    /// The nearest working day strictly after `date`.
    public func nextWorkingDay(after date: CalendarDate) -> CalendarDate {
        var candidate = date.adding(days: 1)
        while !isWorkingDay(candidate) { candidate = candidate.adding(days: 1) }
        return candidate
    }

    /// The payment (entry) date of a nominal due date: the date itself when it is a working
    /// day, otherwise the nearest working day before it (DOMAIN.md section 3).
    public func paymentDate(forDueDate dueDate: CalendarDate) -> CalendarDate {
        isWorkingDay(dueDate) ? dueDate : previousWorkingDay(before: dueDate)
    }

    /// The processing day, written in the file: the working day before the payment date.
    public func processingDay(forPaymentDate paymentDate: CalendarDate) -> CalendarDate {
        previousWorkingDay(before: paymentDate)
    }

    /// The input day, when the file must be sent: the working day before the processing day.
    public func inputDay(forPaymentDate paymentDate: CalendarDate) -> CalendarDate {
        previousWorkingDay(before: processingDay(forPaymentDate: paymentDate))
    }

    /// The earliest payment date a run created on `creationDate` can reach (DOMAIN.md 3, late
    /// payments): the earliest input day is `creationDate` when it is a working day, else the
    /// next one; the earliest processing day is the working day after it, and the earliest
    /// payment (entry) date the working day after that.
    public func earliestPaymentDate(creationDate: CalendarDate) -> CalendarDate {
        let input = isWorkingDay(creationDate) ? creationDate : nextWorkingDay(after: creationDate)
        return nextWorkingDay(after: nextWorkingDay(after: input))
    }

    /// Working days after `start` up to and including `end`: how many working days late a
    /// payment scheduled for `start` and paid on `end` is. Zero when `end` is not after `start`.
    public func workingDays(after start: CalendarDate, through end: CalendarDate) -> Int {
        var count = 0
        var day = start
        while day < end {
            day = day.adding(days: 1)
            if isWorkingDay(day) { count += 1 }
        }
        return count
    }

    private static func holidays(year: Int, overrides: CalendarOverrides) -> [BankHoliday] {
        let ruled = BankHolidayRules.holidays(year: year).filter { !overrides.removed.contains($0.date) }
        let added = overrides.added.filter { $0.key.year == year }.map { BankHoliday(date: $0.key, name: $0.value) }
        return (ruled + added).sorted { $0.date < $1.date }
    }
}
