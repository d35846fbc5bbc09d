import Entitlements
import Foundation

/// What `backstop verify` checked, and what it found (DESIGN.md 7).
public struct VerificationReport: Sendable {
    /// Problems by subject (a file's path, or the manifest's), in the order checked.
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        public let subject: String
        public let problem: Standard18Problem
        public var description: String { "\(subject): \(problem)" }
    }

    public private(set) var findings: [Finding] = []
    /// Files found valid (and matching the manifest, when one is given), with what they hold.
    public private(set) var validFiles: [(path: String, file: Standard18File)] = []

    public var isValid: Bool { findings.isEmpty }

    mutating func add(_ subject: String, _ problem: Standard18Problem) { findings.append(Finding(subject: subject, problem: problem)) }
    mutating func add(_ subject: String, _ message: String) { add(subject, Standard18Problem(line: nil, message)) }
    mutating func accept(_ path: String, _ file: Standard18File) { validFiles.append((path, file)) }
}

/// Verifies Standard 18 files as a receiving bank would, and, given a run's manifest, that
/// the files are the ones it lists: counts, totals, serials and SHA-256 hashes, the run's
/// totals, and that its figures reconcile. With a manifest and no files, every listed file
/// is verified.
public enum RunVerifier {
    public static func verify(files paths: [String], manifest manifestPath: String?) -> VerificationReport {
        var report = VerificationReport()
        var manifest: RunManifest?
        if let manifestPath {
            do {
                manifest = try RunManifest.decode(Array(try Data(contentsOf: URL(fileURLWithPath: manifestPath))))
            } catch {
                report.add(manifestPath, "cannot be read as a run manifest: \(error)")
            }
        }
        let folder = manifestPath.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        let targets = paths.isEmpty && manifest != nil
            ? manifest!.files.map { folder!.appendingPathComponent($0.file).path }
            : paths

        var serials: [SubmissionSerial: String] = [:]
        for path in targets {
            let bytes: [UInt8]
            do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
                report.add(path, "cannot be read: \(error.localizedDescription)")
                continue
            }
            let file: Standard18File
            do { file = try Standard18Reader.read(bytes) } catch {
                for problem in error.problems { report.add(path, problem) }
                continue
            }
            let findingsBefore = report.findings.count
            if let other = serials.updateValue(path, forKey: file.serial) {
                report.add(path, "shares submission serial \(file.serial) with \(other); a run's files need distinct serials")
            }
            if let manifest, let manifestPath {
                checkAgainstManifest(path: path, bytes: bytes, file: file, manifest: manifest, manifestPath: manifestPath, report: &report)
            }
            if report.findings.count == findingsBefore { report.accept(path, file) }
        }
        if let manifest, let manifestPath, let folder {
            checkManifest(manifest, path: manifestPath, folder: folder, report: &report)
        }
        return report
    }

    private static func checkAgainstManifest(path: String, bytes: [UInt8], file: Standard18File, manifest: RunManifest,
                                             manifestPath: String, report: inout VerificationReport) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let entry = manifest.files.first(where: { $0.file == name }) else {
            report.add(path, "is not listed in \(manifestPath)")
            return
        }
        if entry.count != file.credits.count { report.add(path, "holds \(file.credits.count) credits; the manifest says \(entry.count)") }
        if entry.totalPence != file.total { report.add(path, "totals \(file.total.value) pence; the manifest says \(entry.totalPence.value)") }
        if entry.serial != file.serial { report.add(path, "has serial \(file.serial); the manifest says \(entry.serial)") }
        if entry.processingDay != file.processingDay {
            report.add(path, "has processing day \(file.processingDay); the manifest says \(entry.processingDay)")
        }
        let hash = WrittenFile.sha256Hex(bytes)
        if entry.sha256 != hash { report.add(path, "has SHA-256 \(hash); the manifest says \(entry.sha256)") }
    }

    /// Bounds within which a manifest's numbers can be added up without overflow; a
    /// manifest is input like any other, and a hostile one must not stop the verifier.
    static let plausibleCount = 0...1_000_000_000
    static let plausiblePence = Pence.zero...Pence(1_000_000_000_000_000)

    private static func implausibleValue(in manifest: RunManifest) -> String? {
        guard manifest.files.count <= 1_000_000 else { return "lists \(manifest.files.count) files" }
        for entry in manifest.files {
            guard (0...BacsSettings.countFieldLimit).contains(entry.count), (Pence.zero...BacsSettings.amountFieldLimit).contains(entry.totalPence) else {
                return "gives \(entry.file) a count or total no Standard 18 file can hold"
            }
        }
        var tallies = [manifest.figures.due, manifest.figures.paid] + Array(manifest.figures.excluded.values)
        tallies += manifest.paidByBenefit.map { Tally(uncheckedCount: $0.count, pence: $0.totalPence) }
        tallies.append(Tally(uncheckedCount: manifest.totals.count, pence: manifest.totals.totalPence))
        for tally in tallies where !plausibleCount.contains(tally.count) || !plausiblePence.contains(tally.pence) {
            return "holds a count or amount out of range (\(tally.count), \(tally.pence.value))"
        }
        return nil
    }

    private static func checkManifest(_ manifest: RunManifest, path: String, folder: URL, report: inout VerificationReport) {
        if let implausible = implausibleValue(in: manifest) {
            report.add(path, implausible)
            return
        }
        for entry in manifest.files where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(entry.file).path) {
            report.add(path, "lists \(entry.file), which does not exist")
        }
        let count = manifest.files.reduce(0) { $0 + $1.count }
        let total = manifest.files.map(\.totalPence).sum()
        if manifest.totals.files != manifest.files.count { report.add(path, "totals.files is \(manifest.totals.files) but \(manifest.files.count) files are listed") }
        if manifest.totals.count != count { report.add(path, "totals.count is \(manifest.totals.count) but the files hold \(count)") }
        if manifest.totals.totalPence != total { report.add(path, "totals.totalPence is \(manifest.totals.totalPence.value) but the files hold \(total.value)") }
        if manifest.figures.paid != Tally(count: count, pence: total) {
            report.add(path, "figures.paid (\(manifest.figures.paid.count), \(manifest.figures.paid.pence.value)) is not what the files hold (\(count), \(total.value))")
        }
        let byBenefit = manifest.paidByBenefit.reduce(Tally.zero) { $0 + Tally(count: $1.count, pence: $1.totalPence) }
        if byBenefit != Tally(count: count, pence: total) {
            report.add(path, "paidByBenefit adds up to (\(byBenefit.count), \(byBenefit.pence.value)), not what the files hold (\(count), \(total.value))")
        }
        if let problem = manifest.figures.reconciliationProblem { report.add(path, "figures do not reconcile: \(problem)") }
        var serials: Set<SubmissionSerial> = []
        for entry in manifest.files where !serials.insert(entry.serial).inserted {
            report.add(path, "serial \(entry.serial) is listed twice; a run's files need distinct serials")
        }
    }
}
