/// The payment dates a run covers, both ends included (DOMAIN.md 3, DESIGN.md 2.2): a due
/// payment belongs to the run when its payment date is within the window. The 31-day limit
/// is a policy of the control stage; here a window only needs `from ≤ to`.
public struct PaymentWindow: Hashable, Sendable, Codable {
    public let from: CalendarDate
    public let to: CalendarDate

    public init(from: CalendarDate, to: CalendarDate) throws(ValidationError) {
        guard from <= to else {
            throw ValidationError(.date, input: "\(from)…\(to)", reason: "window start must not be after its end")
        }
        self.from = from
        self.to = to
    }

    public func contains(_ date: CalendarDate) -> Bool { from <= date && date <= to }

    enum CodingKeys: String, CodingKey { case from, to }

    /// Decoding checks `from ≤ to` as the initialiser does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(from: try container.decode(CalendarDate.self, forKey: .from), to: try container.decode(CalendarDate.self, forKey: .to))
    }
}

/// Which benefits a command covers: `benefits` absent means all (DESIGN.md 2.2).
public enum BenefitScope: Hashable, Sendable {
    case all
    case only(Set<Benefit>)

    public func includes(_ benefit: Benefit) -> Bool {
        switch self {
        case .all: true
        case .only(let benefits): benefits.contains(benefit)
        }
    }
}
