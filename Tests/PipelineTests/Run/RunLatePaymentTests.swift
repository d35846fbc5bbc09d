import Bacs
import Entitlements
import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// A run created on a bad day (DOMAIN.md 3): a Saturday, a bank holiday, Christmas Eve. The clock
/// is injected through the command's creation date; the window is the same two weeks each time,
/// so the earlier payment dates of it can no longer be reached and are paid late.
@Suite("Runs on a Saturday, a bank holiday and 24 December pay everything, late where they must")
struct RunLatePaymentTests {
    @Test("the run completes; what it cannot reach is paid on its earliest payment date, and no file is dated before it",
          arguments: [
              ("2026-12-05T10:00:00Z", "2026-12-09"),  // Saturday
              ("2026-12-25T10:00:00Z", "2026-12-31"),  // Christmas Day, a bank holiday
              ("2026-12-24T10:00:00Z", "2026-12-30"),  // Christmas Eve: 25 and 28 December are holidays
          ])
    func badDay(created: String, earliest: String) async throws {
        let directory = try TemporaryDirectory()
        let run = RunFixture.command(.dryRun, id: "late-run")
        let expected: [PaymentID: DuePayment]
        do {
            let store = try RunFixture.store(at: directory.child("store"))
            expected = try RunFixture.expectedPaid(store, run)
        }
        let issuedAt = try #require(ISO8601DateFormatter().date(from: created))
        let result = try await DryRunPlan.run(
            storePath: directory.child("store"), id: "late-run", window: run.window, benefits: nil, issuedAt: issuedAt,
            rules: RunFixture.rules(), bacs: RunFixture.bacs(), outputFolder: URL(fileURLWithPath: directory.child("out")),
            logger: RunFixture.logger())
        guard case .completed(let figures) = result.outcome else {
            Issue.record("the run did not complete: \(result.outcome)")
            return
        }
        let e = try CalendarDate(earliest)
        let calendar = PaymentCalendar()
        #expect(calendar.earliestPaymentDate(creationDate: try CalendarDate(String(created.prefix(10)))) == e)

        // Everything the rules pay is paid, none excluded for being late.
        #expect(figures.paid.count == expected.count)
        #expect(figures.reconciliationProblem == nil)
        let lateExpected = expected.values.filter { $0.scheduledPaymentDate < e }
        #expect(!lateExpected.isEmpty, "the window starts before \(e)")
        #expect(figures.late == Tally(count: lateExpected.count, pence: lateExpected.map(\.amount).sum()))

        // No file before the earliest payment date; its processing day is after the creation date.
        let manifest = try RunManifest.decode(Array(Data(contentsOf: result.folder.appendingPathComponent("manifest.json"))))
        #expect(manifest.files.allSatisfy { $0.paymentDate >= e })
        #expect(manifest.files.allSatisfy { $0.processingDay >= calendar.processingDay(forPaymentDate: e) })
        #expect(manifest.files.allSatisfy { $0.inputDay >= manifest.creationDate })
        #expect(manifest.latePayments.allSatisfy { $0.paymentDate == e && $0.scheduledPaymentDate < e && $0.workingDaysLate >= 1 })
        #expect(manifest.latePayments.reduce(0) { $0 + $1.count } == lateExpected.count)
        #expect(RunVerifier.verify(files: [], manifest: result.folder.appendingPathComponent("manifest.json").path).isValid)
        let report = try String(contentsOf: result.folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("\(lateExpected.count) payments of \(figures.late.pence.formatted) could no longer reach"), "\(report)")
    }
}
