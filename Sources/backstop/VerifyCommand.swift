import ArgumentParser
import Bacs

/// `backstop verify FILE… [--manifest M]` (DESIGN.md 7): checks Standard 18 files as a
/// receiving bank would and, given a run's manifest, their counts, totals, serials and
/// hashes. Prints every problem with its file, line and field; exits 1 on any problem.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check Standard 18 files and a run manifest (structure, totals, counts, hashes).",
        discussion: """
            With --manifest and no FILE, every file the manifest lists is verified. Exit status: 0 when \
            everything is valid, 1 when any problem was found.
            """)

    @Argument(help: "Standard 18 files to verify.")
    var files: [String] = []

    @Option(name: .long, help: "A run's manifest.json to check the files against.")
    var manifest: String?

    func validate() throws {
        if files.isEmpty && manifest == nil {
            throw ValidationError("give at least one FILE, or --manifest")
        }
    }

    func run() throws {
        let report = RunVerifier.verify(files: files, manifest: manifest)
        for finding in report.findings { print(finding) }
        for (path, file) in report.validFiles {
            print("\(path): valid, serial \(file.serial), processing day \(file.processingDay), \(file.credits.count) credits, \(file.total.formatted)")
        }
        if !report.isValid {
            print("\(report.findings.count) problem\(report.findings.count == 1 ? "" : "s") found")
            throw ExitCode(1)
        }
    }
}
