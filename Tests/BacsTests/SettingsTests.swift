import Foundation
import Testing
import TestSupport
@testable import Bacs
@testable import Entitlements

@Suite("Bacs settings and references (DOMAIN.md 5)")
struct SettingsTests {
    func settings(name: String = "DWP", narrative: String = "DWP BENEFITS", contraName: String = "DWP",
                  items: Int = 250_000, total: Pence = BacsSettings.amountFieldLimit) throws -> BacsSettings {
        try BacsSettings(sun: ServiceUserNumber("123456"), originatingSortCode: SortCode("200000"),
                         originatingAccount: AccountNumber("12345678"), serviceUserName: name,
                         contraNarrative: narrative, contraAccountName: contraName,
                         maximumItemsPerFile: items, maximumFileTotal: total)
    }

    @Test("bad settings fail at construction, naming the setting")
    func refused() throws {
        let cases: [(String, () throws -> BacsSettings)] = [
            ("serviceUserName", { try settings(name: "") }),
            ("serviceUserName", { try settings(name: "DWPXX") }),     // no room left in the reference
            ("serviceUserName", { try settings(name: "dwp") }),
            ("contraNarrative", { try settings(narrative: "DWP BENEFITS PAYMENTS") }),
            ("contraNarrative", { try settings(narrative: " DWP") }),
            ("contraAccountName", { try settings(contraName: "D\u{00C9}P") }),
            ("maximumItemsPerFile", { try settings(items: 0) }),
            ("maximumItemsPerFile", { try settings(items: 10_000_000) }),
            ("maximumFileTotal", { try settings(total: 0) }),
            ("maximumFileTotal", { try settings(total: 100_000_000_000) }),
        ]
        for (name, make) in cases {
            do {
                _ = try make()
                Issue.record("accepted a bad \(name)")
            } catch let error as Entitlements.ValidationError {
                #expect(error.code == .setting)
                #expect(error.reason.hasPrefix(name), "\(error)")
            }
        }
        #expect(throws: Entitlements.ValidationError.self) { try ServiceUserNumber("12345") }
        #expect(throws: Entitlements.ValidationError.self) { try ServiceUserNumber("12345A") }
    }

    @Test("a four-character service user name and a three-letter benefit fill the 18-character reference exactly")
    func fullReference() throws {
        let settings = try settings(name: "DWPX")
        let reference = settings.reference(nino: try NINO("AB123456C"), benefit: .personalIndependencePayment)
        #expect(reference == "AB123456C DWPX PIP")
        #expect(reference.utf8.count == BacsSettings.referenceWidth)

        var g = SeededGenerator(seed: 11)
        var payment = randomPayments(1, using: &g)[0]
        payment = DuePayment(paymentID: payment.paymentID, awardID: payment.awardID, nino: try NINO("AB123456C"),
                             benefit: .personalIndependencePayment, dueDate: payment.dueDate, paymentDate: payment.paymentDate,
                             amount: payment.amount, disposition: payment.disposition)
        let batch = BatchPlanner.plan(runID: "r", partition: 0, payments: [payment], settings: settings)[0]
        let bytes = try batch.encode(settings: settings, creationDate: day("2026-03-27"), processingDay: day("2026-03-30"))
        let file = try Standard18Reader.read(bytes)
        #expect(file.credits.map(\.reference) == ["AB123456C DWPX PIP"])
        #expect(file.credits.map(\.serviceUserName) == ["DWPX"])
        #expect(Standard18Writer.encode(try batch.standard18File(settings: settings, creationDate: day("2026-03-27"), processingDay: day("2026-03-30"))) == bytes)
    }

    @Test("a file at the 11-digit total limit is written; one penny more is split")
    func totalLimit() throws {
        // Four payments of £20,000.00 with a file limit of £50,000.00: two files of two.
        var g = SeededGenerator(seed: 12)
        let payments = randomPayments(4, using: &g).map {
            DuePayment(paymentID: $0.paymentID, awardID: $0.awardID, nino: $0.nino, benefit: $0.benefit, dueDate: $0.dueDate,
                       paymentDate: $0.paymentDate, amount: 2_000_000, disposition: $0.disposition)
        }
        let limited = try settings(total: 5_000_000)
        #expect(BatchPlanner.plan(runID: "r", partition: 0, payments: payments, settings: limited).map(\.payments.count) == [2, 2])
        let exact = try settings(total: 4_000_000)
        #expect(BatchPlanner.plan(runID: "r", partition: 0, payments: payments, settings: exact).map(\.payments.count) == [2, 2])
        let roomy = try settings(total: 8_000_000)
        #expect(BatchPlanner.plan(runID: "r", partition: 0, payments: payments, settings: roomy).map(\.payments.count) == [4])

        // The largest total a file can hold is accepted by the values; a penny more is not.
        let header = try referenceFile().header
        let credit = try referenceFile().credits[0]
        let most = CreditRecord(sortCode: credit.sortCode, accountNumber: credit.accountNumber, amount: BacsSettings.amountFieldLimit,
                                serviceUserName: "DWP", reference: credit.reference, accountName: credit.accountName)
        let file = try Standard18File(header: header, credits: [most])
        #expect(try Standard18Reader.read(Standard18Writer.encode(file)).total == BacsSettings.amountFieldLimit)
        let penny = CreditRecord(sortCode: credit.sortCode, accountNumber: credit.accountNumber, amount: 1,
                                 serviceUserName: "DWP", reference: credit.reference, accountName: credit.accountName)
        #expect(throws: Standard18File.Invalid.self) { try Standard18File(header: header, credits: [most, penny]) }
    }
}
