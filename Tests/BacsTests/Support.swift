import Foundation
import Testing
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

/// SplitMix64: a small seeded generator so property tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
