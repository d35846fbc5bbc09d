import Bacs
import Entitlements
import Foundation

/// A backstop.payments value (DESIGN.md 2.3, topics/schemas/PaymentInstruction.schema.json).
/// `accountName` and `reference` are exactly what the Standard 18 file holds.
public struct PaymentInstruction: Hashable, Sendable, Codable {
    public let paymentId: String
    public let runId: String
    public let batchId: String
    public let nino: String
    public let awardId: String
    public let benefit: String
    public let dueDate: String
    public let paymentDate: String
    public let amountPence: Int64
    public let sortCode: String
    public let accountNumber: String
    public let accountName: String
    public let reference: String
    /// The payment date it should have had, for a payment made late (DOMAIN.md 3); nil otherwise.
    public let scheduledPaymentDate: String?

    /// The instruction of a paid due payment in batch `batchID` of run `runID`.
    init(_ payment: DuePayment, runID: String, batchID: String, settings: BacsSettings) {
        guard case .pay(let bank) = payment.disposition else {
            preconditionFailure("payment \(payment.paymentID) is excluded; only paid payments are emitted")
        }
        paymentId = payment.paymentID.description
        runId = runID
        batchId = batchID
        nino = payment.nino.value
        awardId = payment.awardID.value
        benefit = payment.benefit.code
        dueDate = payment.dueDate.description
        paymentDate = payment.paymentDate.description
        amountPence = payment.amount.value
        sortCode = bank.sortCode.value
        accountNumber = bank.accountNumber.value
        accountName = bank.accountName
        reference = settings.reference(nino: payment.nino, benefit: payment.benefit)
        scheduledPaymentDate = payment.isLate ? payment.scheduledPaymentDate.description : nil
    }

    /// The JSON value, fields in DESIGN.md 2.3's order.
    public func encoded() -> [UInt8] {
        var json = JSONBytes(capacity: 400)
        json.field("paymentId", paymentId)
        json.field("runId", runId)
        json.field("batchId", batchId)
        json.field("nino", nino)
        json.field("awardId", awardId)
        json.field("benefit", benefit)
        json.field("dueDate", dueDate)
        json.field("paymentDate", paymentDate)
        json.field("amountPence", amountPence)
        json.field("sortCode", sortCode)
        json.field("accountNumber", accountNumber)
        json.field("accountName", accountName)
        json.field("reference", reference)
        if let scheduledPaymentDate { json.field("scheduledPaymentDate", scheduledPaymentDate) }
        return json.closed
    }

    public static func decode(_ bytes: [UInt8]) throws -> PaymentInstruction {
        try JSONDecoder().decode(PaymentInstruction.self, from: Data(bytes))
    }
}

/// A backstop.batches value (DESIGN.md 2.3, topics/schemas/PaymentBatch.schema.json): one per file.
public struct BatchRecord: Hashable, Sendable, Codable {
    public let batchId: String
    public let runId: String
    public let paymentDate: String
    public let processingDate: String
    public let partition: Int
    public let count: Int
    public let totalPence: Int64
    /// Relative to the output folder: `runs/<runId>/<file>`.
    public let file: String
    public let sha256: String

    init(batchID: String, runID: String, written: WrittenFile) {
        batchId = batchID
        runId = runID
        paymentDate = written.paymentDate.description
        processingDate = written.processingDay.description
        partition = written.partition
        count = written.count
        totalPence = written.totalPence.value
        file = RunFolders.runsFolderName + "/" + runID + "/" + written.file
        sha256 = written.sha256
    }

    public func encoded() -> [UInt8] {
        var json = JSONBytes(capacity: 300)
        json.field("batchId", batchId)
        json.field("runId", runId)
        json.field("paymentDate", paymentDate)
        json.field("processingDate", processingDate)
        json.field("partition", Int64(partition))
        json.field("count", Int64(count))
        json.field("totalPence", totalPence)
        json.field("file", file)
        json.field("sha256", sha256)
        return json.closed
    }

    public static func decode(_ bytes: [UInt8]) throws -> BatchRecord {
        try JSONDecoder().decode(BatchRecord.self, from: Data(bytes))
    }
}

/// The batchId carried on backstop.payments, backstop.batches and in the ledger:
/// `<runId>-p<partition, 2 digits at least>-<paymentDate>-<part>`, as the topic examples
/// spell it. The schemas allow only `A-Za-z0-9._-` in a batchId, so the slash-separated
/// `PaymentBatch.batchID` of the Bacs module (which also seeds the file's serial, and is what
/// manifest.json lists) cannot go on the wire; both are derived from the same four values.
public enum WireBatchID {
    public static func of(_ batch: PaymentBatch) -> String {
        let digits = String(batch.partition)
        let partition = digits.count < 2 ? "0" + digits : digits
        return "\(batch.runID)-p\(partition)-\(batch.paymentDate)-\(batch.part)"
    }
}

/// Where a run's files go, under the output folder (DESIGN.md 2.3).
public enum RunFolders {
    public static let runsFolderName = "runs"
    public static let dryRunsFolderName = "dry-runs"

    /// `<output>/runs/<runId>` for an ACTIVATE, `<output>/dry-runs/<commandId>` for a dry run.
    public static func folder(output: URL, runID: String, isDryRun: Bool) -> URL {
        output.appendingPathComponent(isDryRun ? dryRunsFolderName : runsFolderName).appendingPathComponent(runID)
    }
}
