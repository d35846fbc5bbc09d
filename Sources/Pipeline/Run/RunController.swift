import Control
import Entitlements
import Foundation
import Logging
import Store
import Synchronization

/// The run stage's entry point (DESIGN.md section 4): the control stage hands it accepted
/// ACTIVATE and DRY_RUN commands (`start`) and HALTs (`halt`); `run()` resumes unfinished runs
/// at start-up and then runs accepted ones, one at a time, in the order they were accepted.
///
/// One at a time on purpose: a second ACTIVATE whose window overlaps the first is scheduled only
/// after the first has recorded every batch in the ledger, so what the first paid is
/// PAID_BY_BACKSTOP for the second and nothing is paid twice.
///
/// Every accepted run is persisted in the store before `start` returns; its state changes are
/// persisted too, so a crash at any point leaves a run that `run()` resumes.
///
/// How the service wires it: `run()` is a long-running service after the mirror and control
/// stages; the control stage calls `start` for an accepted ACTIVATE or DRY_RUN and `halt` for a
/// HALT, both sharing one `AuditSink`; on every assignment the mirror calls
/// `LedgerRebuilder.rebuild(partition:)` for each gained partition (and
/// `LedgerReadiness.revoke` on revocation) before marking it caught up in `PartitionOwnership`;
/// `EnvironmentCrashHook.fromEnvironment()` gives the crash hook (nil unless the
/// BACKSTOP_CRASH_AT test hook is set).
public actor RunController {
    private let environment: RunEnvironment
    private let ownership: PartitionOwnership
    private let ledgers: LedgerReadiness
    private let audit: any AuditSink
    private let clock: @Sendable () -> Date
    private var logger: Logger { environment.logger }

    /// Runs waiting their turn, in acceptance order.
    private var pending: [StoredRun] = []
    private var outcomes: [String: RunOutcome] = [:]
    private var outcomeWaiters: [String: [CheckedContinuation<RunOutcome, Never>]] = [:]
    /// The HALT flag of the run being executed.
    private var current: (runID: String, halt: HaltFlag)?
    private var workWaiter: CheckedContinuation<Void, Never>?
    private var loaded = false

    public init(environment: RunEnvironment, ownership: PartitionOwnership, ledgers: LedgerReadiness,
                audit: any AuditSink, clock: @escaping @Sendable () -> Date = Date.init) {
        self.environment = environment
        self.ownership = ownership
        self.ledgers = ledgers
        self.audit = audit
        self.clock = clock
    }

    // MARK: Commands

    /// Persists an accepted ACTIVATE or DRY_RUN and queues its run. A run id already known is
    /// not started again (the control stage never accepts a commandId twice; this is the backstop).
    public func start(_ run: AcceptedRun) throws {
        try loadIfNeeded()
        if try environment.store.storedRun(run.runID) != nil {
            logger.warning("run already known", metadata: [RunLogKey.runID: .string(run.runID)])
            return
        }
        let stored = StoredRun(runID: run.runID, sequence: try environment.store.nextRunSequence(), state: .accepted, command: run.encoded())
        try environment.store.saveRun(stored)
        pending.append(stored)
        logger.info("run accepted", metadata: [RunLogKey.runID: .string(run.runID), RunLogKey.runType: .string(run.command.type.rawValue)])
        wakeRunLoop()
    }

    /// Stops run `runID` after the batch in flight (DESIGN.md 2.2 HALT). The request is
    /// persisted first, so a crash does not undo it. Returns false when the run is unknown or
    /// already finished.
    @discardableResult
    public func halt(runID: String) throws -> Bool {
        try loadIfNeeded()
        guard var stored = try environment.store.storedRun(runID), !stored.state.isFinished else { return false }
        stored.state = .haltRequested
        try environment.store.saveRun(stored)
        if let index = pending.firstIndex(where: { $0.runID == runID }) { pending[index] = stored }
        if let current, current.runID == runID { current.halt.set() }
        logger.info("run halt requested", metadata: [RunLogKey.runID: .string(runID)])
        return true
    }

    /// Waits for run `runID`'s outcome; returns at once for a run this controller finished.
    public func outcome(of runID: String) async -> RunOutcome {
        if let outcome = outcomes[runID] { return outcome }
        return await withCheckedContinuation { outcomeWaiters[runID, default: []].append($0) }
    }

    // MARK: Running

    /// Resumes unfinished runs, then runs accepted ones as they come, until cancelled.
    public func run() async throws {
        try loadIfNeeded()
        while !Task.isCancelled {
            try await runPending()
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    if pending.isEmpty && !Task.isCancelled { workWaiter = continuation } else { continuation.resume() }
                }
            } onCancel: {
                Task { await self.wakeRunLoop() }
            }
        }
    }

    /// Runs every pending run (unfinished ones from the store first) and returns when none is
    /// left. Throws `CrashPointReached` when a crash hook fires: the controller must then be
    /// dropped, as the process would be.
    public func runPending() async throws {
        try loadIfNeeded()
        while let next = pending.first {
            try await execute(next)
            pending.removeFirst()
        }
    }

    private func loadIfNeeded() throws {
        guard !loaded else { return }
        loaded = true
        let unfinished = try environment.store.storedRuns().filter { !$0.state.isFinished }
        pending = unfinished + pending.filter { run in !unfinished.contains { $0.runID == run.runID } }
        if !unfinished.isEmpty {
            logger.info("unfinished runs found", metadata: [RunLogKey.runID: "\(unfinished.map(\.runID))"])
        }
    }

    private func wakeRunLoop() {
        workWaiter?.resume()
        workWaiter = nil
    }

    private func execute(_ stored: StoredRun) async throws {
        let run: AcceptedRun
        do {
            run = try AcceptedRun.decode(stored.command, runID: stored.runID)
        } catch {
            // A stored run that does not decode cannot be run; fail it visibly.
            var failed = stored
            failed.state = .failed
            try environment.store.saveRun(failed)
            logger.error("stored run unreadable", metadata: [RunLogKey.runID: .string(stored.runID), RunLogKey.error: "\(error)"])
            finish(stored.runID, .failed(reason: "the stored command does not decode: \(error)"))
            return
        }
        let flag = HaltFlag()
        if stored.state == .haltRequested { flag.set() }
        current = (run.runID, flag)
        defer { current = nil }

        let outcome: RunOutcome
        do {
            let partitions = try await coveredPartitions(run)
            outcome = try await RunExecution(run: run, partitions: partitions, environment: environment, haltRequested: { flag.isSet }).execute()
        } catch let failure as RunFailure {
            outcome = .failed(reason: failure.reason)
        }
        try await record(outcome, of: run)
        var finished = try environment.store.storedRun(run.runID) ?? stored
        switch outcome {
        case .completed: finished.state = .completed
        case .halted: finished.state = .halted
        case .failed: finished.state = .failed
        }
        try environment.store.saveRun(finished)
        environment.metrics.finished(outcome)
        logger.info("run finished", metadata: [RunLogKey.runID: .string(run.runID), RunLogKey.outcome: .string(outcome.name)])
        finish(run.runID, outcome)
    }

    /// The owned partitions, once every one is caught up (bounded by `catchUpTimeout`) and,
    /// for an ACTIVATE, has its ledger rebuilt; otherwise the run fails, saying which.
    private func coveredPartitions(_ run: AcceptedRun) async throws -> [Int32] {
        let settings = environment.settings
        let deadline = ContinuousClock.now.advanced(by: settings.catchUpTimeout)
        while !ownership.isCaughtUp {
            guard ContinuousClock.now < deadline else {
                let building = ownership.snapshot.filter { $0.value != .caughtUp }.keys.sorted()
                throw RunFailure(runID: run.runID, reason: ownership.owned.isEmpty
                    ? "this process owns no estate partition after \(settings.catchUpTimeout)"
                    : "estate partitions \(building) were not caught up within \(settings.catchUpTimeout)")
            }
            try await Task.sleep(for: settings.catchUpPollInterval)
        }
        // A run resumed at start-up gets here as soon as the mirror caught up, while the ledgers
        // of the partitions just gained are still being rebuilt: wait for them, on the same deadline.
        while true {
            let owned = ownership.owned
            let notRebuilt = owned.filter { !ledgers.isReady($0) }
            if notRebuilt.isEmpty { return owned }
            guard ContinuousClock.now < deadline else {
                throw RunFailure(runID: run.runID, reason: "the ledgers of estate partitions \(notRebuilt) are not rebuilt from backstop.payments within \(settings.catchUpTimeout)")
            }
            try await Task.sleep(for: settings.catchUpPollInterval)
        }
    }

    private func record(_ outcome: RunOutcome, of run: AcceptedRun) async throws {
        let record: AuditRecord
        let type = run.command.type.rawValue
        switch outcome {
        case .completed(let figures):
            record = AuditRecord(commandId: run.runID, type: type, decision: .completed, reason: "run completed",
                                 at: clock(), approvers: run.approvers, figures: figures)
        case .halted(let figures):
            record = AuditRecord(commandId: run.runID, type: type, decision: .halted, reason: "halted by command after the batch in flight",
                                 at: clock(), approvers: run.approvers, figures: figures)
        case .failed(let reason):
            logger.error("run failed", metadata: [RunLogKey.runID: .string(run.runID), RunLogKey.reason: .string(reason)])
            record = AuditRecord(commandId: run.runID, type: type, decision: .failed, reason: reason, at: clock(), approvers: run.approvers)
        }
        try await audit.record(record)
    }

    private func finish(_ runID: String, _ outcome: RunOutcome) {
        outcomes[runID] = outcome
        for waiter in outcomeWaiters.removeValue(forKey: runID) ?? [] { waiter.resume(returning: outcome) }
    }
}

/// A run's HALT request, set by the controller and read by the run before each batch.
final class HaltFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .releasing) }
    var isSet: Bool { flag.load(ordering: .acquiring) }
}
