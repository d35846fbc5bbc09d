import ArgumentParser
import Entitlements
import Foundation
import Logging
import Pipeline
import Simulation

/// `backstop simulate`: publishes a seeded synthetic estate (DOMAIN.md 6) to the estate topics.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Publish a synthetic estate (seeded, realistic) to the estate topics.")

    @Option(help: "Kafka bootstrap servers, HOST:PORT[,…].")
    var bootstrapServers: String

    @Option(help: "How many people the estate has.")
    var claimants: Int

    @Option(help: "The seed: the same seed and scale give the same estate.")
    var seed: UInt64

    @Option(help: "The estate's today, YYYY-MM-DD (default: today, UTC).")
    var asOf: String?

    @Option(help: "Producer compression: zstd or lz4.")
    var compression = "zstd"

    func run() async throws {
        let logger = commandLogger("backstop.simulate")
        let today: CalendarDate
        do {
            today = try asOf.map { try CalendarDate($0) } ?? CalendarDate(daysSinceEpoch: Int(Date().timeIntervalSince1970) / 86_400)
        } catch {
            throw configurationError("--as-of: \(error)")
        }
        guard compression == "zstd" || compression == "lz4" else { throw configurationError("--compression must be zstd or lz4, got \(compression)") }
        let simulator: EstateSimulator
        do {
            simulator = try EstateSimulator(settings: SimulationSettings(claimants: claimants, seed: seed, asOf: today))
        } catch {
            throw configurationError("--claimants: \(error)")
        }
        var publisher = EstatePublisher(bootstrapServers: bootstrapServers.split(separator: ",").map(String.init))
        publisher.compression = compression == "zstd" ? .zstd : .lz4
        do {
            let summary = try await publisher.publish(simulator, logger: logger)
            print(summary.text)
        } catch let error as SimulateError {
            FileHandle.standardError.write(Data("backstop simulate: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// A logger for a command: info and above to stderr (STYLE.md 13: made in main, passed in).
func commandLogger(_ label: String) -> Logger {
    var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = ProcessInfo.processInfo.environment["BACKSTOP_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    return logger
}

/// A configuration error: the message on stderr, exit status 2 (DESIGN.md 6).
func configurationError(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("backstop: \(message)\n".utf8))
    return ExitCode(2)
}
