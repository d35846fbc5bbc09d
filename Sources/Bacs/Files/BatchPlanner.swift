import Dispatch
import Entitlements
import Foundation

/// Cuts a run's paid payments into batches (DESIGN.md 4 step 2, DOMAIN.md 5 limits): group
/// by payment date and partition, order by paymentId, and start a new file before one would
/// hold more than `maximumItemsPerFile` items or a total above `maximumFileTotal`.
public enum BatchPlanner {
    public struct DuplicateSerial: Error, Hashable, Sendable, CustomStringConvertible {
        public let serial: SubmissionSerial
        public let batchIDs: [String]
        public var description: String {
            "batches \(batchIDs.joined(separator: " and ")) share submission serial \(serial); a run's files need distinct serials"
        }
    }

    /// The batches of a run, ordered by payment date, partition and part, from each
    /// partition's due payments (excluded ones are skipped).
    public static func plan(runID: String, paymentsByPartition: [Int: [DuePayment]], settings: BacsSettings) throws(DuplicateSerial) -> [PaymentBatch] {
        // Partitions are independent: plan them on all cores.
        let partitions = paymentsByPartition.keys.sorted()
        let planned = LockedArray<[PaymentBatch]>(count: partitions.count, empty: [])
        DispatchQueue.concurrentPerform(iterations: partitions.count) { slot in
            planned.set(slot, plan(runID: runID, partition: partitions[slot], payments: paymentsByPartition[partitions[slot]]!, settings: settings))
        }
        var batches = planned.values.flatMap { $0 }
        batches.sort { ($0.paymentDate, $0.partition, $0.part) < ($1.paymentDate, $1.partition, $1.part) }
        try checkDistinctSerials(batches)
        return batches
    }

    /// The batches of one partition's payments; excluded ones are skipped.
    ///
    /// A day holds millions of payments, so the order is worked out on small keys (payment
    /// date, paymentId, position; `PaymentOrder`), and batches refer to the partition's
    /// payments by position instead of copying them.
    public static func plan(runID: String, partition: Int, payments: [DuePayment], settings: BacsSettings) -> [PaymentBatch] {
        // One sequential pass gathers what ordering and cutting need, so neither touches the
        // large payment values again (in paymentId order they are scattered in memory).
        precondition(payments.count <= Int(Int32.max), "a partition's payments are counted in 32 bits")
        var keys: [PaymentOrder.Key] = []
        var amounts: [Pence] = []
        // Benefits by their position in `Benefit.allCases`, tallied in a small array: a
        // dictionary update per payment would cost more than the rest of the loop.
        let allBenefits = Benefit.allCases
        var benefits: [UInt8] = []
        // The scheduled payment date of each late payment (DOMAIN.md 3), by position.
        var lateFrom: [Int: CalendarDate] = [:]
        keys.reserveCapacity(payments.count)
        amounts.reserveCapacity(payments.count)
        benefits.reserveCapacity(payments.count)
        for index in payments.indices {
            amounts.append(payments[index].amount)
            benefits.append(UInt8(allBenefits.firstIndex(of: payments[index].benefit)!))
            guard case .pay = payments[index].disposition else { continue }
            if payments[index].isLate { lateFrom[index] = payments[index].scheduledPaymentDate }
            let id = payments[index].paymentID
            keys.append(PaymentOrder.Key(high: id.high, low: id.low, date: Int32(payments[index].paymentDate.daysSinceEpoch), index: Int32(index)))
        }
        PaymentOrder.sort(&keys)

        var batches: [PaymentBatch] = []
        var current: [Int] = []
        var total = Pence.zero
        var byBenefit = [Tally](repeating: .zero, count: allBenefits.count)
        var late: [CalendarDate: Tally] = [:]
        var part = 1
        func cut() {
            guard let first = current.first else { return }
            batches.append(PaymentBatch(runID: runID, paymentDate: payments[first].paymentDate, partition: partition, part: part,
                                        source: payments, order: current, total: total,
                                        paidByBenefit: Dictionary(uniqueKeysWithValues: zip(allBenefits, byBenefit).filter { $0.1.count > 0 }),
                                        lateByScheduledDate: late))
            part += 1
            current = []
            total = .zero
            byBenefit = [Tally](repeating: .zero, count: allBenefits.count)
            late = [:]
        }
        for position in keys.indices {
            let key = keys[position]
            let index = Int(key.index)
            let amount = amounts[index]
            if position > 0 {
                let previous = keys[position - 1]
                precondition(previous.sortKey < key.sortKey, "payment \(payments[index].paymentID) appears twice")
                if previous.date != key.date {
                    cut()
                    part = 1
                }
            }
            precondition(amount <= settings.maximumFileTotal, "payment \(payments[index].paymentID) alone exceeds the file total limit")
            if current.count == settings.maximumItemsPerFile || (total.adding(amount).map { $0 > settings.maximumFileTotal } ?? true) {
                cut()
            }
            if current.isEmpty { current.reserveCapacity(min(settings.maximumItemsPerFile, keys.count - position)) }
            current.append(index)
            total += amount
            byBenefit[Int(benefits[index])].add(amount)
            if let scheduled = lateFrom[index] { late[scheduled, default: .zero].add(amount) }
        }
        cut()
        return batches
    }

    /// No two files of a run may share a serial (DOMAIN.md 5).
    public static func checkDistinctSerials(_ batches: [PaymentBatch]) throws(DuplicateSerial) {
        var seen: [SubmissionSerial: String] = [:]
        for batch in batches {
            if let other = seen.updateValue(batch.batchID, forKey: batch.serial) {
                throw DuplicateSerial(serial: batch.serial, batchIDs: [other, batch.batchID])
            }
        }
    }
}

