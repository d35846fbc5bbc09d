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
    /// date, paymentId, position) and each payment is copied once, into its batch.
    public static func plan(runID: String, partition: Int, payments: [DuePayment], settings: BacsSettings) -> [PaymentBatch] {
        // One sequential pass gathers what ordering and cutting need, so neither touches the
        // large payment values again (in paymentId order they are scattered in memory).
        var keys: [(date: Int, high: UInt64, low: UInt64, index: Int)] = []
        var amounts: [Pence] = []
        var benefits: [Benefit] = []
        keys.reserveCapacity(payments.count)
        amounts.reserveCapacity(payments.count)
        benefits.reserveCapacity(payments.count)
        for index in payments.indices {
            guard case .pay = payments[index].disposition else {
                amounts.append(.zero)
                benefits.append(payments[index].benefit)
                continue
            }
            keys.append((payments[index].paymentDate.daysSinceEpoch, payments[index].paymentID.high, payments[index].paymentID.low, index))
            amounts.append(payments[index].amount)
            benefits.append(payments[index].benefit)
        }
        keys.sort { ($0.date, $0.high, $0.low) < ($1.date, $1.high, $1.low) }

        var batches: [PaymentBatch] = []
        var current: [Int] = []
        var total = Pence.zero
        var byBenefit: [Benefit: Tally] = [:]
        var part = 1
        func cut() {
            guard let first = current.first else { return }
            batches.append(PaymentBatch(runID: runID, paymentDate: payments[first].paymentDate, partition: partition, part: part,
                                        source: payments, order: current, total: total, paidByBenefit: byBenefit))
            part += 1
            current = []
            total = .zero
            byBenefit = [:]
        }
        for position in keys.indices {
            let key = keys[position]
            let amount = amounts[key.index]
            if position > 0 {
                let previous = keys[position - 1]
                precondition((previous.date, previous.high, previous.low) != (key.date, key.high, key.low),
                             "payment \(payments[key.index].paymentID) appears twice")
                if previous.date != key.date {
                    cut()
                    part = 1
                }
            }
            precondition(amount <= settings.maximumFileTotal, "payment \(payments[key.index].paymentID) alone exceeds the file total limit")
            if current.count == settings.maximumItemsPerFile || (total.adding(amount).map { $0 > settings.maximumFileTotal } ?? true) {
                cut()
            }
            if current.isEmpty { current.reserveCapacity(min(settings.maximumItemsPerFile, keys.count - position)) }
            current.append(key.index)
            total += amount
            byBenefit[benefits[key.index], default: .zero].add(amount)
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

/// Results filled in concurrently, one slot per task.
final class LockedArray<Element>: @unchecked Sendable {
    /// Guards `storage`.
    private let lock = NSLock()
    private var storage: [Element]

    init(count: Int, empty: Element) { storage = Array(repeating: empty, count: count) }

    func set(_ index: Int, _ value: Element) { lock.withLock { storage[index] = value } }

    var values: [Element] { lock.withLock { storage } }
}
