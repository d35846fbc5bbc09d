import Entitlements

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

    /// The batches of a run, ordered by payment date, partition and part. `payments` are the
    /// paid due payments of each partition.
    public static func plan(runID: String, paymentsByPartition: [Int: [DuePayment]], settings: BacsSettings) throws(DuplicateSerial) -> [PaymentBatch] {
        var batches: [PaymentBatch] = []
        for partition in paymentsByPartition.keys.sorted() {
            batches += plan(runID: runID, partition: partition, payments: paymentsByPartition[partition]!, settings: settings)
        }
        batches.sort { ($0.paymentDate, $0.partition, $0.part) < ($1.paymentDate, $1.partition, $1.part) }
        try checkDistinctSerials(batches)
        return batches
    }

    /// The batches of one partition's paid payments.
    public static func plan(runID: String, partition: Int, payments: [DuePayment], settings: BacsSettings) -> [PaymentBatch] {
        var byDate: [CalendarDate: [DuePayment]] = [:]
        for payment in payments {
            precondition(payment.bankDetails != nil, "only paid payments are batched; \(payment.paymentID) is excluded")
            byDate[payment.paymentDate, default: []].append(payment)
        }
        var batches: [PaymentBatch] = []
        for date in byDate.keys.sorted() {
            let ordered = byDate[date]!.sorted { $0.paymentID < $1.paymentID }
            var part = 1, start = 0, total = Pence.zero
            func cut(at end: Int) {
                batches.append(PaymentBatch(runID: runID, paymentDate: date, partition: partition, part: part,
                                            payments: Array(ordered[start..<end]), total: total))
                part += 1
                start = end
                total = .zero
            }
            for (index, payment) in ordered.enumerated() {
                if index > start {
                    precondition(ordered[index - 1].paymentID != payment.paymentID, "payment \(payment.paymentID) appears twice")
                }
                precondition(payment.amount <= settings.maximumFileTotal, "payment \(payment.paymentID) alone exceeds the file total limit")
                if index - start == settings.maximumItemsPerFile || (total.adding(payment.amount).map { $0 > settings.maximumFileTotal } ?? true) {
                    cut(at: index)
                }
                total += payment.amount
            }
            cut(at: ordered.count)
        }
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
