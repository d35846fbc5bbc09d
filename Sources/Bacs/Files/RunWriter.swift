import Entitlements
import Foundation

/// Why a run's files could not be finished: the run fails (DOMAIN.md 4).
public struct RunFilesError: Error, Hashable, Sendable, CustomStringConvertible {
    public let runID: String
    public let reason: String
    public var description: String { "run \(runID): \(reason)" }
}

/// The Bacs side of a run (DESIGN.md 4): plan batches, write each batch's file, then finish
/// with the manifest and report. The pipeline drives the steps one at a time, because a
/// batch's Kafka transaction sits between writing its file and the next one; `writeAll`
/// does all of them in one go for plans, tests and benchmarks.
public struct RunWriter: Sendable {
    public let runID: String
    public let files: BatchFileWriter

    public static let manifestName = "manifest.json"
    public static let reportName = "report.md"

    /// How many files `writeAll` encodes ahead of the one being written (default: one per
    /// core, at most 4; each waiting file is held in memory).
    public let encodingWindow: Int
    public static let defaultEncodingWindow = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))

    public init(runID: String, settings: BacsSettings, calendar: PaymentCalendar, creationDate: CalendarDate, folder: URL,
                encodingWindow: Int = RunWriter.defaultEncodingWindow) {
        precondition(encodingWindow >= 1, "encodingWindow must be at least 1")
        self.runID = runID
        self.encodingWindow = encodingWindow
        self.files = BatchFileWriter(settings: settings, calendar: calendar, creationDate: creationDate, folder: folder)
    }

    /// The run's batches, from each partition's due payments; excluded ones are dropped here.
    public func plan(duePaymentsByPartition: [Int: [DuePayment]]) throws(BatchPlanner.DuplicateSerial) -> [PaymentBatch] {
        try BatchPlanner.plan(runID: runID, paymentsByPartition: duePaymentsByPartition, settings: files.settings)
    }

    /// Checks the written files against the batches and the figures, then writes
    /// `manifest.json` and `report.md`. Throws, and writes nothing, when anything disagrees:
    /// a missing or extra file, a shared serial, files that do not hold what the schedule
    /// paid, or figures that do not reconcile.
    public func finish(batches: [PaymentBatch], written: [WrittenFile], figures: RunFigures,
                       window: PaymentWindow?, modulusChecksApplied: Bool) throws -> RunManifest {
        guard batches.map(\.batchID) == written.map(\.batchID) else {
            throw RunFilesError(runID: runID, reason: "the written files are not the run's batches, in order")
        }
        do { try BatchPlanner.checkDistinctSerials(batches) } catch {
            throw RunFilesError(runID: runID, reason: error.description)
        }
        let inFiles = Tally(count: written.reduce(0) { $0 + $1.count }, pence: written.map(\.totalPence).sum())
        guard inFiles == figures.paid else {
            throw RunFilesError(runID: runID, reason:
                "files hold \(inFiles.count) payments of \(inFiles.pence) but the schedule paid \(figures.paid.count) of \(figures.paid.pence)")
        }
        do { try figures.withPaid(inFiles).checkReconciles() } catch {
            throw RunFilesError(runID: runID, reason: error.description)
        }

        var byBenefit: [Benefit: Tally] = [:]
        var late: [CalendarDate: Tally] = [:]
        for batch in batches {
            byBenefit.merge(batch.paidByBenefit, uniquingKeysWith: +)
            late.merge(batch.lateByScheduledDate, uniquingKeysWith: +)
        }
        let lateInFiles = late.values.reduce(Tally.zero, +)
        guard lateInFiles == figures.late else {
            throw RunFilesError(runID: runID, reason:
                "files hold \(lateInFiles.count) late payments of \(lateInFiles.pence) but the schedule paid \(figures.late.count) of \(figures.late.pence) late")
        }
        let lateTallies = late.keys.sorted().map { scheduled in
            // Every late payment of a run is paid on the run's one earliest payment date.
            let paidOn = batches.first { $0.lateByScheduledDate[scheduled] != nil }!.paymentDate
            return RunManifest.LateTally(scheduledPaymentDate: scheduled, paymentDate: paidOn,
                                         workingDaysLate: files.calendar.workingDays(after: scheduled, through: paidOn),
                                         count: late[scheduled]!.count, totalPence: late[scheduled]!.pence)
        }
        let manifest = RunManifest(
            runID: runID, creationDate: files.creationDate, window: window, modulusChecksApplied: modulusChecksApplied,
            files: written,
            paidByBenefit: byBenefit.keys.sorted().map { RunManifest.BenefitTally(benefit: $0, count: byBenefit[$0]!.count, totalPence: byBenefit[$0]!.pence) },
            figures: figures.withPaid(inFiles), latePayments: lateTallies)
        try AtomicFile.write(manifest.encoded(), to: files.folder.appendingPathComponent(RunWriter.manifestName))
        try AtomicFile.write(Array(RunReport.markdown(manifest).utf8), to: files.folder.appendingPathComponent(RunWriter.reportName))
        return manifest
    }

    /// Plans, writes every file, and finishes: a whole run's files from its due payments.
    /// Files are encoded up to `encodingWindow` ahead on other threads and written in order.
    /// Blocking (fsync): call it off the cooperative thread pool (STYLE.md 4).
    public func writeAll(duePaymentsByPartition: [Int: [DuePayment]], window: PaymentWindow?, modulusChecksApplied: Bool) throws -> RunManifest {
        var accumulator = RunFigures.Accumulator()
        for partition in duePaymentsByPartition.keys.sorted() { accumulator.add(duePaymentsByPartition[partition]!) }
        let figures = accumulator.figures
        try figures.checkReconciles()
        let batches = try plan(duePaymentsByPartition: duePaymentsByPartition)
        try FileManager.default.createDirectory(at: files.folder, withIntermediateDirectories: true)
        let ahead = EncodeAhead(batches: batches, writer: files, window: encodingWindow)
        var written: [WrittenFile] = []
        for index in batches.indices {
            let (bytes, entry) = try ahead.take(index).get()
            try AtomicFile.write(bytes, to: files.folder.appendingPathComponent(entry.file))
            written.append(entry)
        }
        return try finish(batches: batches, written: written, figures: figures, window: window, modulusChecksApplied: modulusChecksApplied)
    }
}
