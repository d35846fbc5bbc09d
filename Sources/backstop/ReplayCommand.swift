import ArgumentParser
import Foundation
import Pipeline

/// `backstop replay` (DESIGN.md 5): builds a store from the estate topics, leaving the live
/// group untouched.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Build a store from the estate topics, from the beginning, given offsets or a time, optionally until a time.")

    @Option(help: "Kafka bootstrap servers, HOST:PORT[,…].")
    var bootstrapServers: String

    @Option(help: "The state folder to build (or continue).")
    var stateDir: String

    @Option(help: "beginning | offset:TOPIC:PARTITION=OFFSET,… | timestamp:T (default: the store's own next offsets).")
    var from: String?

    @Option(help: "Stop each partition at its first record stamped after T (RFC 3339).")
    var until: String?

    @OptionGroup var kafka: KafkaPropertyOptions

    func run() async throws {
        var replay = Replay(bootstrapServers: bootstrapServers.split(separator: ",").map(String.init), stateDirectory: stateDir)
        replay.kafkaProperties = try kafka.properties()
        do {
            replay.from = try from.map(ReplayStart.init(parsing:)) ?? .store
            replay.until = try until.map { try ReplayStart.milliseconds($0, option: "--until") }
        } catch {
            throw configurationError("\(error)")
        }
        do {
            let summary = try await replay.run(logger: commandLogger("backstop.replay"))
            print(summary.text)
        } catch let error as ReplayError {
            FileHandle.standardError.write(Data("backstop replay: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
