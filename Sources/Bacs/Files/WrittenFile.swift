import Crypto
import Entitlements
import Foundation

/// A Standard 18 file on disk, as the manifest lists it (DESIGN.md 2.3).
public struct WrittenFile: Hashable, Sendable, Codable {
    /// The file's name, relative to the run folder that holds the manifest.
    public let file: String
    public let batchID: String
    public let serial: SubmissionSerial
    public let partition: Int
    public let paymentDate: CalendarDate
    /// The date in the file (UHL1).
    public let processingDay: CalendarDate
    /// When the file must reach Bacs. Never before the creation date: a payment that could
    /// not make its date is paid late on a reachable one instead (DOMAIN.md 3).
    public let inputDay: CalendarDate
    public let creationDate: CalendarDate
    public let count: Int
    public let totalPence: Pence
    /// Lowercase hex SHA-256 of the file's bytes.
    public let sha256: String

    /// The manifest uses the names of backstop.batches (DESIGN.md 2.3) where they overlap.
    enum CodingKeys: String, CodingKey {
        case file, serial, partition, paymentDate, count, totalPence, sha256, creationDate
        case batchID = "batchId"
        case processingDay = "processingDate"
        case inputDay = "inputDate"
    }

    public static func sha256Hex<D: DataProtocol>(_ bytes: D) -> String {
        SHA256.hash(data: bytes).map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}

/// Why a batch's file could not be written.
public struct BatchWriteError: Error, Sendable, CustomStringConvertible {
    public let batchID: String
    public let reason: String
    public var description: String { "batch \(batchID): \(reason)" }
}

/// Writes one batch as a Standard 18 file, atomically (DESIGN.md 4 step 3).
public struct BatchFileWriter: Sendable {
    public let settings: BacsSettings
    public let calendar: PaymentCalendar
    /// The day the files are made (HDR1 creation date): injected, never read from a clock here.
    public let creationDate: CalendarDate
    public let folder: URL

    public init(settings: BacsSettings, calendar: PaymentCalendar, creationDate: CalendarDate, folder: URL) {
        self.settings = settings
        self.calendar = calendar
        self.creationDate = creationDate
        self.folder = folder
    }

    /// The bytes of a batch's file and what the manifest says about it, without writing.
    public func encode(_ batch: PaymentBatch) throws(BatchWriteError) -> (bytes: [UInt8], entry: WrittenFile) {
        let processingDay = calendar.processingDay(forPaymentDate: batch.paymentDate)
        let bytes: [UInt8]
        do {
            bytes = try batch.encode(settings: settings, creationDate: creationDate, processingDay: processingDay)
        } catch {
            throw BatchWriteError(batchID: batch.batchID, reason: error.reason)
        }
        let entry = WrittenFile(
            file: batch.fileName, batchID: batch.batchID, serial: batch.serial, partition: batch.partition,
            paymentDate: batch.paymentDate, processingDay: processingDay,
            inputDay: calendar.inputDay(forPaymentDate: batch.paymentDate), creationDate: creationDate,
            count: batch.payments.count, totalPence: batch.total, sha256: WrittenFile.sha256Hex(bytes))
        return (bytes, entry)
    }

    /// Encodes and writes a batch's file; returns its manifest entry.
    public func write(_ batch: PaymentBatch) throws -> WrittenFile {
        let (bytes, entry) = try encode(batch)
        try AtomicFile.write(bytes, to: folder.appendingPathComponent(entry.file))
        return entry
    }
}
