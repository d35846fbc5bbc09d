import Foundation
import Testing
import TestSupport
@testable import Bacs
@testable import Entitlements

func day(_ text: String) -> CalendarDate {
    do { return try CalendarDate(text) } catch { preconditionFailure("bad test date \(text): \(error)") }
}

/// The committed fixtures, found from this file's path (tests run from any directory).
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }
}

/// DOMAIN.md 5's reference deployment: SUN 123456, funding account 200000 12345678, DWP.
func referenceSettings(maximumItemsPerFile: Int = BacsSettings.defaultMaximumItemsPerFile,
                       maximumFileTotal: Pence = BacsSettings.amountFieldLimit) throws -> BacsSettings {
    try BacsSettings(sun: ServiceUserNumber("123456"), originatingSortCode: SortCode("200000"),
                     originatingAccount: AccountNumber("12345678"), serviceUserName: "DWP",
                     contraNarrative: "DWP BENEFITS", contraAccountName: "DWP",
                     maximumItemsPerFile: maximumItemsPerFile, maximumFileTotal: maximumFileTotal)
}

/// DOMAIN.md 5's reference file as values: serial 000001, created 30 March 2026, processing
/// day 31 March 2026, two credits in the order shown.
func referenceFile() throws -> Standard18File {
    let settings = try referenceSettings()
    return try Standard18File(
        serial: SubmissionSerial("000001"), sun: settings.sun,
        creationDate: day("2026-03-30"), processingDay: day("2026-03-31"),
        originatingSortCode: settings.originatingSortCode, originatingAccount: settings.originatingAccount,
        credits: [
            CreditRecord(sortCode: try SortCode("089999"), accountNumber: try AccountNumber("66374958"), amount: 92_100,
                         serviceUserName: "DWP", reference: settings.reference(nino: try NINO("AB123456C"), benefit: .statePension),
                         accountName: BacsText.fold("J Smith", width: 18)),
            CreditRecord(sortCode: try SortCode("107999"), accountNumber: try AccountNumber("88837491"), amount: 44_160,
                         serviceUserName: "DWP", reference: settings.reference(nino: try NINO("HL987654A"), benefit: .personalIndependencePayment),
                         accountName: BacsText.fold("A N Other", width: 18)),
        ],
        contraNarrative: settings.contraNarrative, contraAccountName: settings.contraAccountName)
}


/// Random paid due payments: valid NINOs, bank details with names that need folding, amounts
/// up to £20,000.00, payment dates over a few days. Award ids are unique, so are paymentIds.
func randomPayments(_ count: Int, using g: inout SeededGenerator, dates: [CalendarDate] = [day("2026-03-31")],
                    maximumAmount: Int64 = 2_000_000, idPrefix: String = "R") -> [DuePayment] {
    let prefixes = ["AB", "HL", "JK", "CE", "ZY", "PR", "WX"]
    let names = ["J Smith", "A N Other", "Zoë Brontë", "O'Brien-Jones", "Smith & Sons Ltd.", "Ødegård", "Straße 7", "MR  X   Y"]
    return (0..<count).map { index in
        let nino = try! NINO(prefixes.randomElement(using: &g)! + String(100_000 + Int.random(in: 0..<900_000, using: &g)) + ["A", "B", "C", "D"].randomElement(using: &g)!)
        let awardID = try! AwardID("\(idPrefix)\(index)")
        let dueDate = dates.randomElement(using: &g)!
        let bank = BankDetails(
            sortCode: try! SortCode(String(100_000 + Int.random(in: 0..<900_000, using: &g))),
            accountNumber: try! AccountNumber(String(10_000_000 + Int.random(in: 0..<90_000_000, using: &g))),
            accountName: names.randomElement(using: &g)!)
        return DuePayment(paymentID: PaymentID(awardID: awardID, dueDate: dueDate), awardID: awardID, nino: nino,
                          benefit: Benefit.allCases.randomElement(using: &g)!, dueDate: dueDate, paymentDate: dueDate,
                          amount: Pence(Int64.random(in: 1...maximumAmount, using: &g)), disposition: .pay(bank))
    }
}

/// A fresh temporary folder for one test.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("backstop-bacs-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
