import Foundation
import Testing
import TestSupport
@testable import Bacs
@testable import Entitlements

@Suite("Standard 18 properties on random payments (seeded)")
struct PropertyTests {
    @Test("random payments written and read back are equal, and every file balances")
    func roundTrip() throws {
        var g = SeededGenerator(seed: 18)
        let settings = try referenceSettings()
        for round in 0..<200 {
            let payments = randomPayments(Int.random(in: 1...60, using: &g), using: &g, idPrefix: "T\(round)-")
            let batches = BatchPlanner.plan(runID: "run-\(round)", partition: round % 7, payments: payments, settings: settings)
            #expect(batches.count == 1)
            let file = try batches[0].standard18File(settings: settings, creationDate: day("2026-03-27"), processingDay: day("2026-03-30"))
            let bytes = Standard18Writer.encode(file)
            // The direct path from payments gives the same bytes as going through the values.
            #expect(try batches[0].encode(settings: settings, creationDate: day("2026-03-27"), processingDay: day("2026-03-30")) == bytes)
            let read = try Standard18Reader.read(bytes)
            #expect(read == file)
            #expect(read.total == payments.map(\.amount).sum())
            // Balances: the contra and both UTL1 totals equal the credits' sum (checked by the reader), and
            // the credits are the payments in paymentId order.
            let ordered = payments.sorted { $0.paymentID < $1.paymentID }
            #expect(read.credits.map(\.amount) == ordered.map(\.amount))
            #expect(read.credits.map(\.reference) == ordered.map { "\($0.nino) DWP \($0.benefit.code)" })
            #expect(read.credits.map(\.accountName) == ordered.map { $0.bankDetails!.accountName })
        }
    }

    @Test("splitting never loses or duplicates an item, and every file stays within both limits")
    func splitting() throws {
        var g = SeededGenerator(seed: 250_000)
        let dates = [day("2026-03-30"), day("2026-03-31"), day("2026-04-01")]
        for round in 0..<300 {
            let maximumItems = Int.random(in: 1...40, using: &g)
            let maximumTotal = Pence(Int64.random(in: 2_000_000...30_000_000, using: &g))
            let settings = try referenceSettings(maximumItemsPerFile: maximumItems, maximumFileTotal: maximumTotal)
            var byPartition: [Int: [DuePayment]] = [:]
            var all: [DuePayment] = []
            for partition in 0..<Int.random(in: 1...4, using: &g) {
                let payments = randomPayments(Int.random(in: 0...150, using: &g), using: &g, dates: dates, idPrefix: "S\(round)-\(partition)-")
                byPartition[partition] = payments
                all += payments
            }
            let batches = try BatchPlanner.plan(runID: "run-\(round)", paymentsByPartition: byPartition, settings: settings)
            let batched = batches.flatMap(\.payments)
            #expect(batched.count == all.count)
            #expect(Set(batched.map(\.paymentID)) == Set(all.map(\.paymentID)))
            #expect(Set(batches.map(\.batchID)).count == batches.count)
            #expect(Set(batches.map(\.serial)).count == batches.count)
            for batch in batches {
                #expect(batch.payments.count <= maximumItems)
                #expect(batch.total <= maximumTotal && batch.total == batch.payments.map(\.amount).sum())
                #expect(batch.payments.allSatisfy { $0.paymentDate == batch.paymentDate })
                var byBenefit: [Benefit: Tally] = [:]
                for payment in batch.payments { byBenefit[payment.benefit, default: .zero].add(payment.amount) }
                #expect(batch.paidByBenefit == byBenefit)
                #expect(byPartition[batch.partition]!.contains { $0.paymentID == batch.payments[0].paymentID })
                #expect(zip(batch.payments, batch.payments.dropFirst()).allSatisfy { $0.paymentID < $1.paymentID })
            }
            // A file is cut only when the next item would break a limit.
            for (current, next) in zip(batches, batches.dropFirst())
            where current.paymentDate == next.paymentDate && current.partition == next.partition {
                #expect(current.payments.count == maximumItems || current.total + next.payments[0].amount > maximumTotal)
                #expect(current.payments.last!.paymentID < next.payments[0].paymentID)
                #expect(next.part == current.part + 1)
            }
        }
    }

    @Test("a large partition is planned in (date, paymentId) order, each date's files numbered from 1")
    func largePartition() throws {
        var g = SeededGenerator(seed: 90_000)
        let dates = [day("2026-03-30"), day("2026-03-31"), day("2026-04-01")]
        let payments = randomPayments(20_000, using: &g, dates: dates, idPrefix: "L")
        let batches = BatchPlanner.plan(runID: "large", partition: 5, payments: payments, settings: try referenceSettings(maximumItemsPerFile: 3_000))
        let planned = batches.flatMap(\.payments)
        #expect(planned.map(\.paymentID) == payments.sorted { ($0.paymentDate, $0.paymentID) < ($1.paymentDate, $1.paymentID) }.map(\.paymentID))
        for date in dates {
            let parts = batches.filter { $0.paymentDate == date }.map(\.part)
            #expect(parts == Array(1...parts.count))
        }
    }

    @Test("whole runs written to disk verify against their manifest and reconcile")
    func runs() throws {
        var g = SeededGenerator(seed: 2026)
        for round in 0..<8 {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let settings = try referenceSettings(maximumItemsPerFile: Int.random(in: 5...50, using: &g))
            var byPartition: [Int: [DuePayment]] = [:]
            for partition in 0..<3 {
                var payments = randomPayments(Int.random(in: 0...120, using: &g), using: &g,
                                              dates: [day("2026-03-31"), day("2026-04-02")], idPrefix: "W\(round)-\(partition)-")
                // Some excluded ones, which must be counted but not written.
                payments = payments.map { payment in
                    guard Int.random(in: 0..<5, using: &g) == 0 else { return payment }
                    return DuePayment(paymentID: payment.paymentID, awardID: payment.awardID, nino: payment.nino, benefit: payment.benefit,
                                      dueDate: payment.dueDate, paymentDate: payment.paymentDate, amount: payment.amount,
                                      disposition: .exclude(ExclusionReason.allCases.randomElement(using: &g)!))
                }
                byPartition[partition] = payments
            }
            let writer = RunWriter(runID: "run-\(round)", settings: settings, calendar: PaymentCalendar(),
                                   creationDate: day("2026-03-27"), folder: folder)
            let manifest = try writer.writeAll(duePaymentsByPartition: byPartition, window: nil, modulusChecksApplied: false)
            let all = byPartition.values.joined()
            #expect(manifest.figures.due == Tally(count: all.count, pence: all.map(\.amount).sum()))
            #expect(manifest.figures.reconciliationProblem == nil)
            #expect(manifest.totals.count == all.filter { $0.exclusion == nil }.count)
            let report = RunVerifier.verify(files: [], manifest: folder.appendingPathComponent("manifest.json").path)
            #expect(report.findings.map(\.description) == [])
            #expect(report.validFiles.count == manifest.files.count)
        }
    }
}
