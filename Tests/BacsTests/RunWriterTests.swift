import Foundation
import Testing
import TestSupport
@testable import Bacs
@testable import Entitlements

@Suite("Run files: manifest, report, determinism, late payments")
struct RunWriterTests {
    func write(_ byPartition: [Int: [DuePayment]], folder: URL, creationDate: CalendarDate = day("2026-03-26"),
               settings: BacsSettings? = nil) throws -> RunManifest {
        let writer = RunWriter(runID: "5b0e-run", settings: try settings ?? referenceSettings(), calendar: PaymentCalendar(),
                               creationDate: creationDate, folder: folder)
        return try writer.writeAll(duePaymentsByPartition: byPartition,
                                   window: try PaymentWindow(from: day("2026-03-30"), to: day("2026-04-03")), modulusChecksApplied: false)
    }

    @Test("the same payments give byte-identical files, manifest and report, whatever their input order")
    func deterministic() throws {
        var g = SeededGenerator(seed: 4711)
        let payments = randomPayments(500, using: &g, dates: [day("2026-03-31"), day("2026-04-02")])
        let first = try temporaryFolder(), second = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: first); try? FileManager.default.removeItem(at: second) }
        let settings = try referenceSettings(maximumItemsPerFile: 100)
        _ = try write([0: payments, 1: Array(payments.prefix(3))].mapValues { $0 }, folder: first, settings: settings)
        _ = try write([1: Array(payments.prefix(3)).reversed(), 0: payments.shuffled(using: &g)], folder: second, settings: settings)
        let names = try FileManager.default.contentsOfDirectory(atPath: first.path).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: second.path).sorted()))
        #expect(names.contains("manifest.json") && names.contains("report.md"))
        #expect(!names.contains { $0.hasSuffix(".partial") })
        for name in names {
            #expect(try Data(contentsOf: first.appendingPathComponent(name)) == Data(contentsOf: second.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test("files are named by payment date, partition and part; the manifest lists them with hashes")
    func manifest() throws {
        var g = SeededGenerator(seed: 1)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try write([3: randomPayments(7, using: &g, dates: [day("2026-03-31")])], folder: folder,
                                 settings: try referenceSettings(maximumItemsPerFile: 5))
        #expect(manifest.files.map(\.file) == ["2026-03-31-p003-01.std18", "2026-03-31-p003-02.std18"])
        #expect(manifest.files.map(\.count) == [5, 2])
        #expect(manifest.files.map(\.batchID) == ["5b0e-run/2026-03-31/p3/1", "5b0e-run/2026-03-31/p3/2"])
        #expect(manifest.files.allSatisfy { $0.processingDay == day("2026-03-30") && $0.inputDay == day("2026-03-27") })
        let bytes = try Data(contentsOf: folder.appendingPathComponent(manifest.files[0].file))
        #expect(manifest.files[0].sha256 == WrittenFile.sha256Hex(bytes))
        let decoded = try RunManifest.decode(Array(try Data(contentsOf: folder.appendingPathComponent("manifest.json"))))
        #expect(decoded == manifest)
        let json = String(decoding: try Data(contentsOf: folder.appendingPathComponent("manifest.json")), as: UTF8.self)
        #expect(json.contains(#""OVER_ITEM_LIMIT" : {"#))
    }

    @Test("the report gives totals by payment date and benefit, exclusions by reason, late payments and the modulus note")
    func report() throws {
        var g = SeededGenerator(seed: 2)
        var payments = randomPayments(10, using: &g, dates: [day("2026-03-31"), day("2026-04-02")])
        let excluded = payments.removeLast()
        payments.append(DuePayment(paymentID: excluded.paymentID, awardID: excluded.awardID, nino: excluded.nino, benefit: excluded.benefit,
                                   dueDate: excluded.dueDate, paymentDate: excluded.paymentDate, amount: 1234, disposition: .exclude(.deceased)))
        // Created on Thursday 26 March, the earliest payment date is Monday 30 March: what was
        // scheduled for Friday 27 is paid late, on the 30th, one working day late.
        let late = randomPayments(3, using: &g, dates: [day("2026-03-27")], idPrefix: "L").map {
            DuePayment(paymentID: $0.paymentID, awardID: $0.awardID, nino: $0.nino, benefit: $0.benefit, dueDate: $0.dueDate,
                       paymentDate: day("2026-03-30"), scheduledPaymentDate: $0.paymentDate, amount: $0.amount, disposition: $0.disposition)
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try write([0: payments + late], folder: folder, creationDate: day("2026-03-26"))
        let latePence = late.map(\.amount).sum()
        #expect(manifest.figures.late == Tally(count: 3, pence: latePence))
        #expect(manifest.latePayments == [RunManifest.LateTally(scheduledPaymentDate: day("2026-03-27"), paymentDate: day("2026-03-30"),
                                                                workingDaysLate: 1, count: 3, totalPence: latePence)])
        #expect(manifest.files.first?.paymentDate == day("2026-03-30") && manifest.files.first?.count == 3)
        let text = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(text.contains("| DECEASED | 1 | £12.34 |"))
        #expect(text.contains("| NOT_IN_SCOPE | 0 | £0.00 |"))
        #expect(text.contains("| 2026-03-31 | 2026-03-30 | 2026-03-27 | "))
        #expect(text.contains("| 2026-03-27 | 2026-03-30 | 1 | 3 | \(latePence.formatted) |"))
        #expect(text.contains("| of which paid late | 3 | \(latePence.formatted) |"))
        #expect(text.contains("| 2026-03-31-p000-01.std18 | \(manifest.files[1].serial) | 2026-03-31 |"))
        #expect(text.contains("Modulus checks were not applied"))
        #expect(text.contains("Reconciles: due = paid + excluded"))
        for benefit in manifest.paidByBenefit { #expect(text.contains("| \(benefit.benefit) | \(benefit.count) | \(benefit.totalPence.formatted) |")) }
        #expect(manifest.paidByBenefit.reduce(0) { $0 + $1.count } == 12)
        #expect(try RunManifest.decode(manifest.encoded()) == manifest)
    }

    @Test("a run without late payments says so; a manifest written before late payments existed still reads")
    func noLatePayments() throws {
        var g = SeededGenerator(seed: 6)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try write([0: randomPayments(4, using: &g)], folder: folder)
        #expect(manifest.latePayments.isEmpty && manifest.figures.late == .zero)
        let text = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(text.contains("None: every payment is paid on the payment date it was scheduled for."))
        // The same manifest as an earlier version wrote it: no latePayments, no figures.late.
        var json = try #require(try JSONSerialization.jsonObject(with: Data(manifest.encoded())) as? [String: Any])
        json["latePayments"] = nil
        var figures = try #require(json["figures"] as? [String: Any])
        figures["late"] = nil
        json["figures"] = figures
        let old = try JSONSerialization.data(withJSONObject: json)
        #expect(try RunManifest.decode(Array(old)) == manifest)
    }

    @Test("a processing day already past cannot be written: the batch fails with a reason")
    func tooLate() throws {
        var g = SeededGenerator(seed: 3)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: BatchWriteError.self) {
            _ = try write([0: randomPayments(2, using: &g, dates: [day("2026-03-31")])], folder: folder, creationDate: day("2026-03-31"))
        }
    }

    @Test("finishing refuses files that do not hold what the schedule paid")
    func finishChecks() throws {
        var g = SeededGenerator(seed: 5)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let payments = randomPayments(4, using: &g)
        let writer = RunWriter(runID: "r", settings: try referenceSettings(), calendar: PaymentCalendar(), creationDate: day("2026-03-26"), folder: folder)
        let batches = try writer.plan(duePaymentsByPartition: [0: payments])
        let written = try batches.map { try writer.files.write($0) }
        let figures = RunFigures(duePayments: payments)
        let short = RunFigures(duePayments: Array(payments.dropLast()))
        #expect(throws: RunFilesError.self) {
            _ = try writer.finish(batches: batches, written: written, figures: short, window: nil, modulusChecksApplied: false)
        }
        #expect(throws: RunFilesError.self) {
            _ = try writer.finish(batches: batches, written: [], figures: figures, window: nil, modulusChecksApplied: false)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("manifest.json").path))
        _ = try writer.finish(batches: batches, written: written, figures: figures, window: nil, modulusChecksApplied: false)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("manifest.json").path))
    }

    @Test("serials derive from the batchId, are valid, and a shared serial is refused")
    func serials() throws {
        #expect(SubmissionSerial(batchID: "a") == SubmissionSerial(batchID: "a"))
        #expect(SubmissionSerial(batchID: "a") != SubmissionSerial(batchID: "b"))
        var seen: Set<SubmissionSerial> = []
        for index in 0..<5_000 {
            let serial = SubmissionSerial(batchID: "run/2026-03-31/p\(index)/1")
            #expect(try SubmissionSerial(serial.value) == serial)
            seen.insert(serial)
        }
        #expect(seen.count == 5_000)
        #expect(throws: ValidationError.self) { try SubmissionSerial("000000") }
        #expect(throws: ValidationError.self) { try SubmissionSerial("abc123") }
        var g = SeededGenerator(seed: 9)
        let batch = BatchPlanner.plan(runID: "r", partition: 0, payments: randomPayments(1, using: &g), settings: try referenceSettings())[0]
        #expect(throws: BatchPlanner.DuplicateSerial.self) { try BatchPlanner.checkDistinctSerials([batch, batch]) }
    }

    @Test("the manifest check finds a changed file, a missing file, and totals that do not add up")
    func tamper() throws {
        var g = SeededGenerator(seed: 6)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try write([0: randomPayments(30, using: &g, dates: [day("2026-03-31"), day("2026-04-02")])], folder: folder)
        let manifestPath = folder.appendingPathComponent("manifest.json").path
        #expect(RunVerifier.verify(files: [], manifest: manifestPath).isValid)

        // Re-write one file with a different serial: still a valid Standard 18 file, but not the one listed.
        let firstPath = folder.appendingPathComponent(manifest.files[0].file)
        let original = try Data(contentsOf: firstPath)
        var changed = String(decoding: original, as: UTF8.self)
        changed = changed.replacingOccurrences(of: manifest.files[0].serial.value, with: "ZZZZZ9")
        try Data(changed.utf8).write(to: firstPath)
        let findings = RunVerifier.verify(files: [], manifest: manifestPath).findings.map(\.description)
        #expect(findings.contains("\(firstPath.path): has serial ZZZZZ9; the manifest says \(manifest.files[0].serial)"))
        #expect(findings.contains { $0.hasPrefix("\(firstPath.path): has SHA-256 ") })

        try FileManager.default.removeItem(at: firstPath)
        let missing = RunVerifier.verify(files: [], manifest: manifestPath).findings.map(\.description)
        #expect(missing.contains("\(manifestPath): lists \(manifest.files[0].file), which does not exist"))

        try original.write(to: firstPath)
        var json = String(decoding: try Data(contentsOf: URL(fileURLWithPath: manifestPath)), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"files\" : \(manifest.totals.files)", with: "\"files\" : 9")
        try Data(json.utf8).write(to: URL(fileURLWithPath: manifestPath))
        #expect(RunVerifier.verify(files: [], manifest: manifestPath).findings.map(\.description)
                == ["\(manifestPath): totals.files is 9 but \(manifest.files.count) files are listed"])
    }

    @Test("a hostile manifest is reported, never trusted for arithmetic")
    func hostileManifest() throws {
        var g = SeededGenerator(seed: 8)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try write([0: randomPayments(5, using: &g)], folder: folder)
        let manifestURL = folder.appendingPathComponent("manifest.json")
        let json = String(decoding: try Data(contentsOf: manifestURL), as: UTF8.self)
        for (original, hostile) in [("\"totalPence\" : \(manifest.totals.totalPence.value)", "\"totalPence\" : 9223372036854775807"),
                                    ("\"count\" : \(manifest.figures.due.count)", "\"count\" : -3")] {
            try Data(json.replacingOccurrences(of: original, with: hostile).utf8).write(to: manifestURL)
            let findings = RunVerifier.verify(files: [], manifest: manifestURL.path).findings
            #expect(!findings.isEmpty, "\(hostile)")
        }
        try Data(json.replacingOccurrences(of: "\"window\" : {\n    \"from\" : \"2026-03-30\"", with: "\"window\" : {\n    \"from\" : \"2026-04-30\"").utf8).write(to: manifestURL)
        #expect(RunVerifier.verify(files: [], manifest: manifestURL.path).findings.first?.description.contains("cannot be read as a run manifest") == true)
    }
}
