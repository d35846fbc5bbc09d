/// Easter Sunday in the Gregorian calendar (DOMAIN.md section 2: Good Friday and Easter
/// Monday are two days before and one day after it).
enum Easter {
    /// The anonymous Gregorian computus (Meeus/Jones/Butcher), exact for every Gregorian year.
    static func sunday(year: Int) -> CalendarDate {
        let goldenNumber = year % 19
        let century = year / 100, yearOfCentury = year % 100
        let leapCenturies = century / 4, centuryRemainder = century % 4
        let moonCorrection = (century + 8) / 25
        let solarCorrection = (century - moonCorrection + 1) / 3
        let epact = (19 * goldenNumber + century - leapCenturies - solarCorrection + 15) % 30
        let leapYears = yearOfCentury / 4, yearRemainder = yearOfCentury % 4
        let weekdayOffset = (32 + 2 * centuryRemainder + 2 * leapYears - epact - yearRemainder) % 7
        let lateCorrection = (goldenNumber + 11 * epact + 22 * weekdayOffset) / 451
        let monthAndDay = epact + weekdayOffset - 7 * lateCorrection + 114
        return CalendarDate.clamped(year: year, month: monthAndDay / 31, day: monthAndDay % 31 + 1)
    }
}
