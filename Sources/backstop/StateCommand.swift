import ArgumentParser
import Entitlements
import Foundation
import Pipeline
import Store

/// `backstop state`: what a store knows about a claimant or an award, its counts, its digest.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Show what a store knows: claimant NINO | award ID | summary | digest.")

    @Option(help: "The state folder.")
    var stateDir: String

    @Flag(help: "Print JSON.")
    var json = false

    @Argument(help: "claimant | award | summary | digest")
    var what: String

    @Argument(help: "The NINO or award id.")
    var id: String?

    func run() throws {
        guard FileManager.default.fileExists(atPath: stateDir) else { throw configurationError("--state-dir: \(stateDir) does not exist") }
        let report = StateReport(store: try EntitlementStore.open(at: stateDir))
        let fields: StateReport.Fields?
        switch (what, id) {
        case ("claimant", let id?):
            let nino: NINO
            do { nino = try NINO(id) } catch { throw configurationError("claimant: \(error)") }
            fields = try report.claimant(nino)
        case ("award", let id?):
            let awardID: AwardID
            do { awardID = try AwardID(id) } catch { throw configurationError("award: \(error)") }
            fields = try report.award(awardID)
        case ("summary", nil):
            fields = try report.summary()
        case ("digest", nil):
            fields = try report.digest()
        default:
            throw configurationError("state: expected claimant NINO, award ID, summary or digest")
        }
        guard let fields else {
            FileHandle.standardError.write(Data("backstop state: the store knows nothing of \(what) \(id ?? "")\n".utf8))
            throw ExitCode(1)
        }
        if what == "digest" && !json {
            print(fields["digest"] ?? "")
        } else {
            print(json ? try StateReport.json(fields) : StateReport.text(fields))
        }
    }
}
