import Dispatch
import Foundation
import Kafka
import Logging
import Pipeline
import Simulation
import Entitlements
import Store

/// A logger for tests: warnings and worse go to stderr; no global bootstrap.
func mirrorTestLogger() -> Logger {
    var logger = Logger(label: "mirror-tests", factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = .warning
    return logger
}

/// The repository root, from this file's path (Tests/PipelineTests/Mirror/…).
let mirrorRepositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct MirrorDeadlinePassed: Error, CustomStringConvertible {
    let waitingFor: String
    var description: String { "deadline passed waiting for \(waitingFor)" }
}

/// Checks `condition` every 20 ms until it holds; throws once `timeout` has passed.
func poll(_ what: String, within timeout: Duration, _ condition: @Sendable () throws -> Bool) async throws {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw MirrorDeadlinePassed(waitingFor: what) }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { continuation.resume() }
        }
    }
}

/// The consumer configuration of a mirror in tests: the shortest session the broker accepts,
/// so rebalances are quick.
func mirrorConfiguration(_ broker: EstateBroker, stateDirectory: String, group: String) -> BackstopConfiguration {
    var configuration = BackstopConfiguration(bootstrapServers: broker.bootstrapServers, stateDirectory: stateDirectory)
    configuration.groupID = group
    configuration.mirror.maxBatchSize = 100
    configuration.mirror.watermarkInterval = .milliseconds(200)
    configuration.consumerProperties = broker.kind.consumerProperties
    return configuration
}

/// Publishes a small simulated estate; returns the simulator.
@discardableResult
func publishEstate(_ broker: EstateBroker, claimants: Int, seed: UInt64) async throws -> EstateSimulator {
    let simulator = try EstateSimulator(settings: SimulationSettings(claimants: claimants, seed: seed, asOf: try CalendarDate("2026-11-20")))
    var publisher = EstatePublisher(bootstrapServers: broker.bootstrapServers)
    publisher.linger = .milliseconds(2)
    _ = try await publisher.publish(simulator, logger: mirrorTestLogger(), progress: false)
    return simulator
}

/// The digest of a store replayed from the beginning into `directory`.
func replayDigest(_ broker: EstateBroker, into directory: String, until: Int64? = nil) async throws -> (String, Replay.Summary) {
    var replay = Replay(bootstrapServers: broker.bootstrapServers, stateDirectory: directory)
    replay.from = .beginning
    replay.until = until
    replay.progress = false
    let summary = try await replay.run(logger: mirrorTestLogger())
    return (try storeDigest(directory), summary)
}

func storeDigest(_ directory: String, partitions: Set<Int32>? = nil) throws -> String {
    try Store.EntitlementStore.open(at: directory).digest(partitions: partitions)
}
