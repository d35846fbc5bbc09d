/// An award's facts arranged for answering "on due date d" questions (DOMAIN.md 4): rates
/// and suspension changes sorted by date with same-date ties settled by arrival, the end date
/// that applies, and each deduction's latest version.
struct AwardTimeline: Sendable {
    /// Rates by effective date, ascending; for one date only the last-arrived survives.
    private let rates: [(from: CalendarDate, amount: Pence)]
    private let startAmount: Pence
    /// Suspension changes by date, ascending; for one date only the last-arrived survives.
    private let suspensionChanges: [(from: CalendarDate, kind: AwardFacts.SuspensionChange.Kind)]
    let endDate: CalendarDate?
    private let deductions: [AwardFacts.Deduction]

    init(_ facts: AwardFacts) {
        startAmount = facts.startAmount
        rates = AwardTimeline.latestPerDate(facts.rateChanges, date: \.effectiveFrom, sequence: \.sequence)
            .map { ($0.effectiveFrom, $0.amount) }
        suspensionChanges = AwardTimeline.latestPerDate(facts.suspensionChanges, date: \.from, sequence: \.sequence)
            .map { ($0.from, $0.kind) }
        endDate = facts.endings.max { $0.sequence < $1.sequence }?.endDate ?? facts.startEndDate
        var latest: [String: AwardFacts.Deduction] = [:]
        for deduction in facts.deductions where (latest[deduction.deductionID]?.sequence ?? 0) <= deduction.sequence {
            latest[deduction.deductionID] = deduction
        }
        deductions = Array(latest.values)
    }

    /// DOMAIN.md 4.1: the rate of the change with the greatest `effectiveFrom ≤ d`, or the start amount.
    func rate(on date: CalendarDate) -> Pence {
        lastEntry(in: rates, onOrBefore: date, date: \.from)?.amount ?? startAmount
    }

    /// DOMAIN.md 4.2: the sum of the deductions active on `d`, saturating (a sum that does not
    /// fit already exceeds any rate, and estate input must not stop the run).
    func deductions(on date: CalendarDate) -> Pence {
        var total = Pence.zero
        for deduction in deductions where deduction.isActive(on: date) {
            total = total.adding(deduction.amount) ?? Pence(Int64.max)
        }
        return total
    }

    /// DOMAIN.md 4.3: rate minus deductions, never below zero.
    func amount(on date: CalendarDate) -> Pence {
        let deducted = deductions(on: date)
        return deducted >= rate(on: date) ? .zero : rate(on: date) - deducted
    }

    /// DOMAIN.md 4 SUSPENDED: the change with the greatest `from ≤ d` is a suspension.
    func isSuspended(on date: CalendarDate) -> Bool {
        lastEntry(in: suspensionChanges, onOrBefore: date, date: \.from)?.kind == .suspended
    }

    /// DOMAIN.md 4 ENDED: `d` is after the end date.
    func hasEnded(before date: CalendarDate) -> Bool {
        endDate.map { date > $0 } ?? false
    }

    /// Sorted by date; where two share a date, only the one with the larger sequence stays.
    private static func latestPerDate<T>(_ items: [T], date: KeyPath<T, CalendarDate>, sequence: KeyPath<T, UInt64>) -> [T] {
        let sorted = items.sorted { ($0[keyPath: date], $0[keyPath: sequence]) < ($1[keyPath: date], $1[keyPath: sequence]) }
        var result: [T] = []
        for item in sorted {
            if let last = result.last, last[keyPath: date] == item[keyPath: date] { result.removeLast() }
            result.append(item)
        }
        return result
    }

    /// The last entry whose date is on or before `target` (binary search over sorted entries).
    private func lastEntry<T>(in entries: [T], onOrBefore target: CalendarDate, date: KeyPath<T, CalendarDate>) -> T? {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle][keyPath: date] <= target { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : entries[low - 1]
    }
}
