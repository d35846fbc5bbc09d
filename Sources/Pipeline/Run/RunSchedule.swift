import Entitlements
import Store

/// Step 1 of a run (DESIGN.md section 4): for every award of the given partitions, every nominal
/// due date whose payment date is in the window, with its one disposition (DOMAIN.md 3–4).
///
/// PAID_BY_BACKSTOP comes from the ledger, but never from this run's own entries: a resumed run
/// has recorded some of its batches already, and counting them as paid by an earlier run would
/// change the batches it recomputes. So the same store and command give the same schedule
/// before, during and after the run.
public struct RunSchedule: Sendable {
    public let duePaymentsByPartition: [Int: [DuePayment]]
    /// Due, paid and excluded as the rules decided; they reconcile by construction, and the run
    /// checks them again against what its files hold.
    public let figures: RunFigures
    /// Awards with events but no AwardStarted: they owe nothing; the log and report count them.
    public let unresolvedAwards: Int

    /// The schedule with up to `concurrency` partitions walked at once, each on a dispatch thread
    /// (the store is safe to read from many threads; each walk has its own snapshot). The result
    /// is the same as `compute`'s, whatever the concurrency.
    public static func computeConcurrently(store: EntitlementStore, partitions: [Int32], runID: String, window: PaymentWindow,
                                           scope: BenefitScope, rules: PaymentRules, earliestPaymentDate: CalendarDate,
                                           concurrency: Int) async throws -> RunSchedule {
        precondition(concurrency >= 1, "at least one partition at a time")
        var parts: [RunSchedule] = []
        try await withThrowingTaskGroup(of: RunSchedule.self) { group in
            var waiting = partitions.sorted()[...]
            func startNext() {
                guard let partition = waiting.popFirst() else { return }
                group.addTask {
                    try await offPool {
                        try compute(store: store, partitions: [partition], runID: runID, window: window, scope: scope, rules: rules,
                                    earliestPaymentDate: earliestPaymentDate)
                    }
                }
            }
            for _ in 0..<concurrency { startNext() }
            while let part = try await group.next() {
                parts.append(part)
                startNext()
            }
        }
        var byPartition: [Int: [DuePayment]] = [:]
        var accumulator = RunFigures.Accumulator()
        for part in parts {
            for (partition, payments) in part.duePaymentsByPartition {
                byPartition[partition] = payments
                accumulator.add(payments)
            }
        }
        return RunSchedule(duePaymentsByPartition: byPartition, figures: accumulator.figures,
                           unresolvedAwards: parts.reduce(0) { $0 + $1.unresolvedAwards })
    }

    /// `earliestPaymentDate` is the run's (DOMAIN.md 3): what falls due before it is paid late, on it.
    public static func compute(store: EntitlementStore, partitions: [Int32], runID: String, window: PaymentWindow,
                               scope: BenefitScope, rules: PaymentRules, earliestPaymentDate: CalendarDate) throws -> RunSchedule {
        let dueDates = rules.dueDateRange(for: window)
        var byPartition: [Int: [DuePayment]] = [:]
        var accumulator = RunFigures.Accumulator()
        var unresolved = 0
        for partition in partitions.sorted() {
            var due: [DuePayment] = []
            try store.forEachAward(partition: partition, dueDates: dueDates) { state in
                guard let award = state.awardFacts else {
                    unresolved += 1
                    return true
                }
                var ledger = Set<PaymentID>()
                for entry in state.ledger where entry.runID != runID { ledger.insert(entry.paymentID) }
                due += rules.duePayments(award: award, claimant: state.claimantFacts, window: window, scope: scope, ledger: ledger,
                                         earliestPaymentDate: earliestPaymentDate)
                return true
            }
            accumulator.add(due)
            byPartition[Int(partition)] = due
        }
        return RunSchedule(duePaymentsByPartition: byPartition, figures: accumulator.figures, unresolvedAwards: unresolved)
    }
}
