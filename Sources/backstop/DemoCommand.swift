import ArgumentParser
import Entitlements
import Foundation
import Logging
import Pipeline

/// `backstop demo`: the whole story on the embedded broker in about a minute (DESIGN.md 7),
/// leaving everything it made in `--out-dir` (default ./backstop-out).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate an estate lost yesterday, mirror it, sign and send an ACTIVATE for the seven days from today, and summarise.")

    @Option(help: "Claimants in the simulated estate.") var claimants = 20_000
    @Option(help: "Seed of the simulated estate.") var seed: UInt64 = 42
    @Option(help: "Where everything goes; a later demo clears it.") var outDir = "backstop-out"
    @Option(help: "The topics file.") var topics = "topics/topics.yaml"
    @Option(help: "The estate's last day before it was lost (YYYY-MM-DD); default yesterday (UTC). The run pays the seven days after it.") var asOf: String?
    @Flag(help: "Show the service's logs (info and above) on stderr.") var verbose = false

    func validate() throws {
        guard (100...300_000).contains(claimants) else {
            throw ValidationError("--claimants must be between 100 and 300,000 (the embedded broker keeps 5 MiB a partition)")
        }
    }

    func run() async throws {
        var logger = Logger(label: "backstop.demo", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = verbose ? .info : .warning
        let asOfDate: CalendarDate
        if let asOf {
            do { asOfDate = try CalendarDate(asOf) } catch { throw ValidationError("--as-of: '\(asOf)' is not a date (YYYY-MM-DD)") }
        } else {
            asOfDate = CalendarDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))).adding(days: -1)
        }
        var demo = Demo(outputFolder: URL(fileURLWithPath: outDir).standardizedFileURL, topicsFile: topics, asOf: asOfDate)
        demo.claimants = claimants
        demo.seed = seed
        do {
            let summary = try await demo.run(log: { print("• " + $0) }, logger: logger)
            print(summary.text)
        } catch {
            FileHandle.standardError.write(Data("backstop demo: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
