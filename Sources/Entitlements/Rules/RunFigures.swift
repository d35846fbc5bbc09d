/// A count of payments and their pence.
public struct Tally: Hashable, Sendable, Codable {
    public private(set) var count: Int
    public private(set) var pence: Pence

    public static let zero = Tally(count: 0, pence: .zero)

    public init(count: Int, pence: Pence) {
        precondition(count >= 0 && pence >= .zero, "a tally is never negative")
        self.count = count
        self.pence = pence
    }

    /// A tally read from outside (a manifest), to be range-checked before any arithmetic.
    public init(uncheckedCount count: Int, pence: Pence) {
        self.count = count
        self.pence = pence
    }

    public mutating func add(_ amount: Pence) {
        precondition(amount >= .zero, "a tallied amount is never negative")
        count += 1
        pence += amount
    }

    public static func + (a: Tally, b: Tally) -> Tally { Tally(count: a.count + b.count, pence: a.pence + b.pence) }
}

/// A run's figures (DOMAIN.md 4, DESIGN.md 2.3 audit `due`, `paid`, `excluded`, `late`). They
/// must reconcile: due = paid + the sum of exclusions, in count and in pence. `due` and the
/// exclusions come from the schedule; `paid` should come from what was actually written, so
/// reconciling is a real cross-check of the two. `late` is the part of `paid` made after its
/// scheduled payment date (DOMAIN.md 3): paid, not excluded, so it is not in the sum.
public struct RunFigures: Hashable, Sendable, Codable {
    public let due: Tally
    public let paid: Tally
    /// Every reason appears, with a zero tally when nothing was excluded for it.
    public let excluded: [ExclusionReason: Tally]
    /// Paid late: a part of `paid`, never more.
    public let late: Tally

    public init(due: Tally, paid: Tally, excluded: [ExclusionReason: Tally], late: Tally = .zero) {
        precondition(late.count <= paid.count && late.pence <= paid.pence, "late payments are a part of the paid ones")
        self.due = due
        self.paid = paid
        var complete: [ExclusionReason: Tally] = [:]
        for reason in ExclusionReason.allCases { complete[reason] = excluded[reason] ?? .zero }
        self.excluded = complete
        self.late = late
    }

    enum CodingKeys: String, CodingKey { case due, paid, excluded, late }

    /// Figures written before late payments existed have no `late`: none were late.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let paid = try container.decode(Tally.self, forKey: .paid)
        let late = try container.decodeIfPresent(Tally.self, forKey: .late) ?? .zero
        guard late.count <= paid.count, late.pence <= paid.pence else {
            throw DecodingError.dataCorruptedError(forKey: .late, in: container, debugDescription: "late is more than paid")
        }
        self.init(due: try container.decode(Tally.self, forKey: .due), paid: paid,
                  excluded: try container.decode([ExclusionReason: Tally].self, forKey: .excluded), late: late)
    }

    /// Tallies due payments as the rules decided them.
    public init(duePayments: [DuePayment]) {
        var accumulator = Accumulator()
        accumulator.add(duePayments)
        self = accumulator.figures
    }

    /// Tallies due payments as they are produced, award by award or partition by partition.
    /// Concrete rather than generic, so the loop over millions of payments is specialised.
    public struct Accumulator: Sendable {
        private var due = Tally.zero
        private var paid = Tally.zero
        private var late = Tally.zero
        private var excluded: [ExclusionReason: Tally] = [:]

        public init() {}

        public mutating func add(_ payments: [DuePayment]) {
            for index in payments.indices {
                let amount = payments[index].amount
                due.add(amount)
                if case .exclude(let reason) = payments[index].disposition {
                    excluded[reason, default: .zero].add(amount)
                } else {
                    paid.add(amount)
                    if payments[index].isLate { late.add(amount) }
                }
            }
        }

        public var figures: RunFigures { RunFigures(due: due, paid: paid, excluded: excluded, late: late) }
    }

    public var totalExcluded: Tally { ExclusionReason.allCases.reduce(Tally.zero) { $0 + excluded[$1]! } }

    /// Why the figures do not reconcile, or nil when they do.
    public var reconciliationProblem: String? {
        let accounted = paid + totalExcluded
        if accounted.count != due.count {
            return "due count \(due.count) is not paid \(paid.count) + excluded \(totalExcluded.count)"
        }
        if accounted.pence != due.pence {
            return "due \(due.pence) is not paid \(paid.pence) + excluded \(totalExcluded.pence)"
        }
        return nil
    }

    /// Throws when the figures do not reconcile: the run fails (DOMAIN.md 4).
    public func checkReconciles() throws(ReconciliationError) {
        if let problem = reconciliationProblem { throw ReconciliationError(figures: self, problem: problem) }
    }

    /// These figures with `paid` replaced, e.g. by the totals of the files actually written
    /// (and `late` with it, when given: a halted run paid only part of what was late).
    public func withPaid(_ paid: Tally, late: Tally? = nil) -> RunFigures {
        RunFigures(due: due, paid: paid, excluded: excluded, late: late ?? self.late)
    }

    /// The figures of two disjoint sets of payments together (two partitions of one run).
    public static func + (a: RunFigures, b: RunFigures) -> RunFigures {
        var excluded = a.excluded
        for (reason, tally) in b.excluded { excluded[reason] = (excluded[reason] ?? .zero) + tally }
        return RunFigures(due: a.due + b.due, paid: a.paid + b.paid, excluded: excluded, late: a.late + b.late)
    }
}

/// A run whose figures do not reconcile; the run fails with it.
public struct ReconciliationError: Error, Hashable, Sendable, CustomStringConvertible {
    public let figures: RunFigures
    public let problem: String
    public var description: String { "run does not reconcile: \(problem)" }
}
