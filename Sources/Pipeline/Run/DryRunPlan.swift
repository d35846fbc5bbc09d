import Bacs
import Control
import Entitlements
import Foundation
import Logging
import Metrics
import Store

/// `backstop plan` (DESIGN.md section 5): a dry run against a store, from the command line,
/// without Kafka. The same schedule, batches and files as a DRY_RUN command's, over every
/// partition the store holds, written under `<output>/dry-runs/<id>/`.
public enum DryRunPlan {
    public struct Result: Sendable {
        public let outcome: RunOutcome
        public let folder: URL
        public let partitions: [Int32]
    }

    /// Plans over the store at `storePath`, which is opened for this call and closed after.
    /// `issuedAt` dates the files (their HDR1 creation date), as a command's would. `crashHook`
    /// is the test hook of `EnvironmentCrashHook` (`backstop plan` honours BACKSTOP_CRASH_AT).
    public static func run(
        storePath: String, id: String, window: PaymentWindow, benefits: Set<Benefit>?, issuedAt: Date,
        rules: PaymentRules, bacs: BacsSettings, outputFolder: URL, logger: Logger,
        crashHook: (any CrashHook)? = nil
    ) async throws -> Result {
        let command = try ControlCommand(
            type: .dryRun, commandId: id, issuedAt: issuedAt, expiresAt: issuedAt.addingTimeInterval(3_600),
            paymentDates: window, benefits: benefits, runId: nil, reason: "backstop plan")
        let store = try EntitlementStore.open(at: storePath)
        let executor = BlockingExecutor.start(name: "backstop-plan")
        defer { executor.shutdown() }
        let partitions = try store.partitions()
        let settings = RunSettings(rules: rules, bacs: bacs, outputFolder: outputFolder, group: "plan")
        try settings.validate()
        let environment = RunEnvironment(
            store: store, settings: settings, output: nil, metrics: RunMetrics(factory: NOOPMetricsHandler.instance),
            logger: logger, crashHook: crashHook, executor: executor)
        let outcome = try await RunExecution(
            run: AcceptedRun(command: command, approvers: []), partitions: partitions, environment: environment,
            haltRequested: { false }).execute()
        return Result(outcome: outcome, folder: RunFolders.folder(output: outputFolder, runID: id, isDryRun: true), partitions: partitions)
    }
}
