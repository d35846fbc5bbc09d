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

    public static func compute(store: EntitlementStore, partitions: [Int32], runID: String, window: PaymentWindow,
                               scope: BenefitScope, rules: PaymentRules) throws -> RunSchedule {
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
                due += rules.duePayments(award: award, claimant: state.claimantFacts, window: window, scope: scope, ledger: ledger)
                return true
            }
            accumulator.add(due)
            byPartition[Int(partition)] = due
        }
        return RunSchedule(duePaymentsByPartition: byPartition, figures: accumulator.figures, unresolvedAwards: unresolved)
    }
}
