import Entitlements

/// The payment dates a command covers, `from` and `to` both included (DESIGN.md 2.2).
/// Holds what the command said; `isOrdered` and `dayCount` let the policy judge it.
public struct PaymentWindow: Sendable, Equatable, CustomStringConvertible {
    public let from: CalendarDate
    public let to: CalendarDate

    public init(from: CalendarDate, to: CalendarDate) {
        self.from = from
        self.to = to
    }

    public var isOrdered: Bool { from <= to }

    /// Days in the window counting both ends; only meaningful when `isOrdered`.
    public var dayCount: Int { from.days(to: to) + 1 }

    public func contains(_ date: CalendarDate) -> Bool { from <= date && date <= to }

    public var description: String { "\(from)..\(to)" }
}
