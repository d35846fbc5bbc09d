import Entitlements

/// The payments of one Standard 18 file (DESIGN.md 4 step 2): one payment date, one
/// partition, ordered by paymentId, and within the item and total limits of BacsSettings.
/// Everything here is derived from the run's payments, so a resumed run gets identical
/// batches, batch ids, serials and files.
public struct PaymentBatch: Hashable, Sendable {
    public let runID: String
    public let paymentDate: CalendarDate
    public let partition: Int
    /// 1-based position among the files of this payment date and partition.
    public let part: Int
    public let payments: [DuePayment]
    public let total: Pence

    init(runID: String, paymentDate: CalendarDate, partition: Int, part: Int, payments: [DuePayment], total: Pence) {
        precondition(!payments.isEmpty, "a batch holds at least one payment")
        self.runID = runID
        self.paymentDate = paymentDate
        self.partition = partition
        self.part = part
        self.payments = payments
        self.total = total
    }

    /// `<runId>/<paymentDate>/p<partition>/<part>`: carries the partition, so batches of
    /// different processes never collide (DESIGN.md 8).
    public var batchID: String { "\(runID)/\(paymentDate)/p\(partition)/\(part)" }

    public var serial: SubmissionSerial { SubmissionSerial(batchID: batchID) }

    /// `<paymentDate>-p<partition>-<part>.std18`, zero-padded so names sort in batch order.
    public var fileName: String {
        "\(paymentDate)-p\(PaymentBatch.padded(partition, 3))-\(PaymentBatch.padded(part, 2)).std18"
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The batch as a Standard 18 submission.
    public func standard18File(settings: BacsSettings, creationDate: CalendarDate, processingDay: CalendarDate) throws(Standard18File.Invalid) -> Standard18File {
        let credits = payments.map { payment -> CreditRecord in
            guard let bank = payment.bankDetails else { preconditionFailure("batch \(batchID) holds an excluded payment") }
            return CreditRecord(
                sortCode: bank.sortCode, accountNumber: bank.accountNumber, amount: payment.amount,
                serviceUserName: settings.serviceUserName,
                reference: settings.reference(nino: payment.nino, benefit: payment.benefit),
                accountName: bank.accountName)
        }
        return try Standard18File(
            serial: serial, sun: settings.sun, creationDate: creationDate, processingDay: processingDay,
            originatingSortCode: settings.originatingSortCode, originatingAccount: settings.originatingAccount,
            credits: credits, contraNarrative: settings.contraNarrative, contraAccountName: settings.contraAccountName)
    }
}
