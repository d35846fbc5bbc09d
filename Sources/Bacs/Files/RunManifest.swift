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

    /// Payments paid late (DOMAIN.md 3), by the payment date they were scheduled for.
    public struct LateTally: Hashable, Sendable, Codable {
        public let scheduledPaymentDate: CalendarDate
        /// The date they are paid on: the run's earliest payment date.
        public let paymentDate: CalendarDate
        /// Working days from the scheduled date to the payment date.
        public let workingDaysLate: Int
        public let count: Int
        public let totalPence: Pence

        public init(scheduledPaymentDate: CalendarDate, paymentDate: CalendarDate, workingDaysLate: Int, count: Int, totalPence: Pence) {
            self.scheduledPaymentDate = scheduledPaymentDate
            self.paymentDate = paymentDate
            self.workingDaysLate = workingDaysLate
            self.count = count
            self.totalPence = totalPence
        }
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
    /// Late payments by scheduled payment date, in date order; together they are `figures.late`.
    public let latePayments: [LateTally]

    enum CodingKeys: String, CodingKey {
        case formatVersion, creationDate, window, modulusChecksApplied, files, totals, paidByBenefit, figures, latePayments
        case runID = "runId"
    }

    public init(runID: String, creationDate: CalendarDate, window: PaymentWindow?, modulusChecksApplied: Bool,
                files: [WrittenFile], paidByBenefit: [BenefitTally], figures: RunFigures, latePayments: [LateTally] = []) {
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
        self.latePayments = latePayments
    }

    /// A manifest written before late payments existed has no `latePayments`: none were late.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        runID = try container.decode(String.self, forKey: .runID)
        creationDate = try container.decode(CalendarDate.self, forKey: .creationDate)
        window = try container.decodeIfPresent(PaymentWindow.self, forKey: .window)
        modulusChecksApplied = try container.decode(Bool.self, forKey: .modulusChecksApplied)
        files = try container.decode([WrittenFile].self, forKey: .files)
        totals = try container.decode(Totals.self, forKey: .totals)
        paidByBenefit = try container.decode([BenefitTally].self, forKey: .paidByBenefit)
        figures = try container.decode(RunFigures.self, forKey: .figures)
        latePayments = try container.decodeIfPresent([LateTally].self, forKey: .latePayments) ?? []
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
