import ArgumentParser
import Bacs
import Entitlements
import Foundation
import Logging
import Pipeline

/// `backstop plan` (DESIGN.md 5 and 7): a dry run against a store, without Kafka. Writes the
/// Standard 18 files, manifest and report under `<out-dir>/dry-runs/<id>/` and prints the figures.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Dry run against a store: schedule, batch and write files; emit nothing.",
        discussion: """
            Covers every estate partition the store holds. The Bacs identity flags default to the \
            example deployment of DOMAIN.md section 5 (SUN 123456, account 200000 12345678, DWP): a \
            dry run's files are for inspection, not submission; give your deployment's values to \
            see its exact files. Exit status: 0 when the run reconciles, 1 when it fails, 2 on a bad flag.
            """)

    @Option(help: "The store's folder (the service's --state-dir, or a replay's).") var stateDir: String
    @Option(help: "First payment date of the window (YYYY-MM-DD).") var from: String
    @Option(help: "Last payment date of the window (YYYY-MM-DD).") var to: String
    @Option(help: "Benefit codes in scope, comma-separated (SP,UC,…); all when absent.") var benefits: String?
    @Option(help: "Output folder; files go under OUT-DIR/dry-runs/ID/.") var outDir: String
    @Option(help: "The dry run's id (letters, digits, . _ -); default plan-FROM-TO.") var id: String?
    @Option(help: "The files' creation date (YYYY-MM-DD); default today (UTC).") var creationDate: String?
    @Option(help: "Calendar overrides file (added and removed bank holidays).") var calendar: String?
    @Option(help: "Per-item limit in pence; larger payments are held for review.") var itemLimit: Int64 = RuleSettings.defaultItemLimit.value
    @Option(help: "Service user number (6 digits).") var sun: String = "123456"
    @Option(help: "Originating (funding) sort code.") var originatingSortCode: String = "200000"
    @Option(help: "Originating (funding) account number.") var originatingAccount: String = "12345678"
    @Option(help: "Service user name, at most 4 characters.") var serviceUserName: String = "DWP"
    @Option(help: "Contra narrative.") var contraNarrative: String = "DWP BENEFITS"
    @Option(help: "Contra account name.") var contraAccountName: String = "DWP"
    @Option(help: "Items per file before a batch is split.") var maxItemsPerFile: Int = BacsSettings.defaultMaximumItemsPerFile

    /// The test hook BACKSTOP_CRASH_AT (see `EnvironmentCrashHook`); a bad value is a bad setting.
    private func crashHook() throws -> EnvironmentCrashHook? {
        do { return try EnvironmentCrashHook.fromEnvironment() } catch { throw ValidationError("\(error)") }
    }

    func run() async throws {
        let window: PaymentWindow
        let issuedAt: Date
        let bacs: BacsSettings
        let rules: PaymentRules
        do {
            window = try PaymentWindow(from: try CalendarDate(from), to: try CalendarDate(to))
            if let creationDate {
                issuedAt = Date(timeIntervalSince1970: TimeInterval(try CalendarDate(creationDate).daysSinceEpoch) * 86_400)
            } else {
                issuedAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            }
            bacs = try BacsSettings(
                sun: try ServiceUserNumber(sun), originatingSortCode: try SortCode(originatingSortCode),
                originatingAccount: try AccountNumber(originatingAccount), serviceUserName: serviceUserName,
                contraNarrative: contraNarrative, contraAccountName: contraAccountName, maximumItemsPerFile: maxItemsPerFile)
            let overrides = try calendar.map { try CalendarOverrides(contentsOf: URL(fileURLWithPath: $0)) } ?? .none
            rules = PaymentRules(calendar: PaymentCalendar(overrides: overrides), settings: try RuleSettings(itemLimit: Pence(itemLimit)))
        } catch {
            throw ValidationError("\(error)")
        }
        let scope = try benefits.map { list in
            Set(try list.split(separator: ",").map { code in
                do { return try Benefit(code: String(code).trimmingCharacters(in: .whitespaces)) } catch {
                    throw ValidationError("--benefits: '\(code)' is not a benefit code")
                }
            })
        }
        var logger = Logger(label: "backstop.plan", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        let result = try await DryRunPlan.run(
            storePath: stateDir, id: id ?? "plan-\(window.from)-\(window.to)", window: window, benefits: scope,
            issuedAt: issuedAt, rules: rules, bacs: bacs, outputFolder: URL(fileURLWithPath: outDir), logger: logger,
            crashHook: try crashHook())
        print("dry run \(result.folder.lastPathComponent): partitions \(result.partitions.map(String.init).joined(separator: ","))")
        switch result.outcome {
        case .completed(let figures), .halted(let figures):
            print("due \(figures.due.count) \(figures.due.pence.formatted)")
            print("paid \(figures.paid.count) \(figures.paid.pence.formatted)")
            for reason in ExclusionReason.allCases {
                let tally = figures.excluded[reason] ?? .zero
                if tally.count > 0 { print("excluded \(reason.rawValue) \(tally.count) \(tally.pence.formatted)") }
            }
            print("files \(result.folder.path)")
        case .failed(let reason):
            print("failed: \(reason)")
            throw ExitCode(1)
        }
    }
}
