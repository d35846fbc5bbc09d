import Entitlements
import Foundation

/// `manifest.json` of a run folder (DESIGN.md 2.3): every file with its count, total and
/// SHA-256; the run's totals; and its figures, with the exclusions by reason. File names are
/// relative to the folder that holds the manifest. `backstop verify --manifest` checks files
/// against it.
public struct RunManifest: Hashable, Sendable, Codable {
    public static let currentFormatVersion = 1

    public struct Totals: Hashable, Sendable, Codable {
        public let files: Int
        public let count: Int
        public let totalPence: Pence
    }

    public struct BenefitTally: Hashable, Sendable, Codable {
        public let benefit: Benefit
        public let count: Int
        public let totalPence: Pence
    }

    public let formatVersion: Int
    public let runID: String
    public let creationDate: CalendarDate
    public let window: PaymentWindow?
    public let modulusChecksApplied: Bool
    public let files: [WrittenFile]
    public let totals: Totals
    /// Paid payments by benefit, for the report.
    public let paidByBenefit: [BenefitTally]
    /// Due, paid and excluded by reason; `paid` equals `totals`, and they reconcile.
    public let figures: RunFigures

    enum CodingKeys: String, CodingKey {
        case formatVersion, creationDate, window, modulusChecksApplied, files, totals, paidByBenefit, figures
        case runID = "runId"
    }

    public init(runID: String, creationDate: CalendarDate, window: PaymentWindow?, modulusChecksApplied: Bool,
                files: [WrittenFile], paidByBenefit: [BenefitTally], figures: RunFigures) {
        self.formatVersion = RunManifest.currentFormatVersion
        self.runID = runID
        self.creationDate = creationDate
        self.window = window
        self.modulusChecksApplied = modulusChecksApplied
        self.files = files
        self.totals = Totals(files: files.count, count: files.reduce(0) { $0 + $1.count },
                             totalPence: files.map(\.totalPence).sum())
        self.paidByBenefit = paidByBenefit
        self.figures = figures
    }

    /// Stable JSON: sorted keys, so the same run gives the same bytes.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return Array(try encoder.encode(self)) + [10] } catch { preconditionFailure("manifest does not encode: \(error)") }
    }

    public static func decode(_ bytes: [UInt8]) throws -> RunManifest {
        try JSONDecoder().decode(RunManifest.self, from: Data(bytes))
    }
}
