import Control
import Foundation
import Kafka
import Logging
import ServiceLifecycle
import Store

/// The control stage of DESIGN.md 1 and 2.2. Every process reads the whole of backstop.control
/// (one partition) by explicit assignment, outside the group, from the offset its own store
/// holds. For each record it takes a decision (`ControlDecisionStep`), stores it with its
/// follow-ups and the next offset in one atomic write, and only then delivers the audit record
/// and hands an accepted command to the run controller, marking each follow-up done as it goes.
/// On start, follow-ups a previous incarnation left pending are done first (the outbox).
public final class ControlStage: Service {
    public static let controlTopic = TopicCatalog.controlTopic
    /// The control topic has one partition (DESIGN.md 2).
    static let controlPartition: Int32 = 0
    /// Audit delivery is retried with a doubling pause up to this long, until it succeeds or
    /// the stage stops: an undelivered audit record stays in the outbox, never dropped.
    public static let maximumRetryPause: Duration = .seconds(30)

    private let store: EntitlementStore
    private let storeExecutor: Store.BlockingExecutor
    private let step: ControlDecisionStep
    private let clock: @Sendable () -> Date
    private let audit: any AuditSink
    private let runs: any CommandHandoff
    private let makeConsumer: @Sendable (KafkaOffset) throws -> KafkaConsumer
    private let metrics: ControlMetrics
    private let logger: Logger

    /// `makeConsumer` builds the consumer of backstop.control[0] from a start offset (the
    /// service passes `ControlStage.consumer(configuration:logger:)`).
    public init(
        store: EntitlementStore, storeExecutor: Store.BlockingExecutor, step: ControlDecisionStep,
        clock: @escaping @Sendable () -> Date, audit: any AuditSink, runs: any CommandHandoff,
        makeConsumer: @escaping @Sendable (KafkaOffset) throws -> KafkaConsumer,
        metrics: ControlMetrics, logger: Logger
    ) {
        self.store = store
        self.storeExecutor = storeExecutor
        self.step = step
        self.clock = clock
        self.audit = audit
        self.runs = runs
        self.makeConsumer = makeConsumer
        self.metrics = metrics
        self.logger = logger
    }

    /// The consumer of the control partition, outside group management.
    public static func consumer(
        configuration: KafkaConsumerConfiguration, logger: Logger
    ) -> @Sendable (KafkaOffset) throws -> KafkaConsumer {
        { start in
            try KafkaConsumer.make(
                configuration: configuration,
                assignment: .partitions([TopicPartitionOffset(controlTopic, controlPartition, start)]), logger: logger)
        }
    }

    static var controlInput: InputPartition { InputPartition(topic: controlTopic, partition: controlPartition) }

    /// Runs until a graceful shutdown or cancellation (the normal end: what was stored stays
    /// done, and a follow-up cut short is done at the next start); throws when it cannot go on.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.decideUntilStopped() }
        } catch is CancellationError {
            return
        }
    }

    private func decideUntilStopped() async throws {
        try await completePending()
        let stored = try await storeExecutor.run { [store] in try store.nextOffsets()[Self.controlInput] }
        let start = stored.map(KafkaOffset.exactly) ?? .beginning
        logger.info("control stage reading", metadata: [
            ServiceLogKey.kafkaTopic: .string(Self.controlTopic), ServiceLogKey.kafkaOffset: .stringConvertible(start),
        ])
        let consumer = try makeConsumer(start)
        do {
            for try await event in consumer.events {
                switch event {
                case .records(let records):
                    for record in records { try await handle(record) }
                case .error(let error) where error.isFatal:
                    // The consumer cannot go on: stop, and the group shuts the process down.
                    throw error
                case .error(let error):
                    // librdkafka retries by itself (broker down, a timeout); the log says so.
                    logger.warning("control consumer error", metadata: [ServiceLogKey.error: .string(String(describing: error))])
                case .partitionsAssigned, .partitionsRevoked, .endOfPartition:
                    break
                }
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }

    /// Decides on one record, stores the decision, then does its follow-ups.
    func handle(_ record: KafkaRecord) async throws {
        let (store, step, clock) = (store, step, clock)
        // Reading "already accepted", deciding and storing happen in one job on the store's
        // executor, so no other decision can come between the read and the write.
        let outcome = try await storeExecutor.run {
            var readError: StoreError?
            let outcome = step.decide(offset: record.offset, value: record.value, now: clock()) { id in
                do throws(StoreError) { return try store.command(id)?.decision == AuditRecord.Decision.accepted.rawValue } catch {
                    readError = error
                    return true
                }
            }
            // A failed read must not let a command be accepted twice: nothing is stored, the
            // stage stops, and the record is decided again after the restart.
            if let readError { throw readError }
            try store.recordControlDecision(outcome.commandRecord, followUps: outcome.followUps,
                                            input: Self.controlInput, controlOffset: record.offset)
            return outcome
        }
        let labels = outcome.decision.metricLabels
        metrics.decided(decision: labels.decision, reason: labels.reason)
        logger.notice("control decision", metadata: [
            ServiceLogKey.commandID: .string(outcome.audit.commandId ?? "unreadable"),
            ServiceLogKey.commandType: .string(outcome.audit.type ?? "unreadable"),
            ServiceLogKey.decision: .string(outcome.audit.decision.rawValue),
            ServiceLogKey.reason: .string(outcome.audit.reason),
            ServiceLogKey.approvers: .string(outcome.audit.approvers.joined(separator: ",")),
            ServiceLogKey.kafkaOffset: .stringConvertible(record.offset),
        ])
        for followUp in outcome.followUps { try await perform(followUp) }
    }

    /// Does the follow-ups a previous incarnation stored but did not finish.
    func completePending() async throws {
        let pending = try await storeExecutor.run { [store] in try store.pendingControlFollowUps() }
        guard !pending.isEmpty else { return }
        logger.notice("control follow-ups pending from before the restart", metadata: [ServiceLogKey.pending: .stringConvertible(pending.count)])
        for followUp in pending { try await perform(followUp) }
    }

    private func perform(_ followUp: ControlFollowUp) async throws {
        switch followUp.kind {
        case .audit:
            try await deliverWithRetry(followUp)
        case .handOff:
            let accepted = try ControlDecisionStep.acceptedCommand(followUp)
            switch accepted.command.type {
            case .activate, .dryRun:
                try await runs.start(accepted)
            case .halt:
                guard let runID = accepted.command.runId else { preconditionFailure("an accepted HALT names its run") }
                try await runs.halt(runID: runID, by: accepted)
            }
        }
        let store = store
        try await storeExecutor.run { try store.completeControlFollowUp(followUp) }
    }

    private func deliverWithRetry(_ followUp: ControlFollowUp) async throws {
        var pause: Duration = .milliseconds(100)
        var attempt = 1
        while true {
            do {
                try await audit.record(try AuditRecord.decode(Data(followUp.payload.utf8)))
                return
            } catch {
                logger.error("audit delivery failed; retrying", metadata: [
                    ServiceLogKey.commandID: .string(followUp.key), ServiceLogKey.attempt: .stringConvertible(attempt),
                    ServiceLogKey.error: .string(String(describing: error)),
                ])
                try await Task.sleep(for: pause)
                pause = min(pause * 2, Self.maximumRetryPause)
                attempt += 1
            }
        }
    }
}
