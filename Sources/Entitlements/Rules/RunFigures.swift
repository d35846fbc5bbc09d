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

/// A run's figures (DOMAIN.md 4, DESIGN.md 2.3 audit `due`, `paid`, `excluded`). They must
/// reconcile: due = paid + the sum of exclusions, in count and in pence. `due` and the
/// exclusions come from the schedule; `paid` should come from what was actually written, so
/// reconciling is a real cross-check of the two.
public struct RunFigures: Hashable, Sendable, Codable {
    public let due: Tally
    public let paid: Tally
    /// Every reason appears, with a zero tally when nothing was excluded for it.
    public let excluded: [ExclusionReason: Tally]

    public init(due: Tally, paid: Tally, excluded: [ExclusionReason: Tally]) {
        self.due = due
        self.paid = paid
        var complete: [ExclusionReason: Tally] = [:]
        for reason in ExclusionReason.allCases { complete[reason] = excluded[reason] ?? .zero }
        self.excluded = complete
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
                }
            }
        }

        public var figures: RunFigures { RunFigures(due: due, paid: paid, excluded: excluded) }
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

    /// These figures with `paid` replaced, e.g. by the totals of the files actually written.
    public func withPaid(_ paid: Tally) -> RunFigures { RunFigures(due: due, paid: paid, excluded: excluded) }
}

/// A run whose figures do not reconcile; the run fails with it.
public struct ReconciliationError: Error, Hashable, Sendable, CustomStringConvertible {
    public let figures: RunFigures
    public let problem: String
    public var description: String { "run does not reconcile: \(problem)" }
}
