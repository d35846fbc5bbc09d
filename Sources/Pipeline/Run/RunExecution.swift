import Bacs
import Entitlements
import Foundation
import Kafka
import Logging
import Store

/// One run, from schedule to manifest (DESIGN.md section 4), over the given partitions. The
/// same code resumes a run: batches are recomputed (they are deterministic), a batch whose
/// backstop.batches record is already committed is only recorded in the ledger (its file is
/// put back, byte for byte), and the rest are emitted. A dry run writes files only.
struct RunExecution: Sendable {
    let run: AcceptedRun
    let partitions: [Int32]
    let environment: RunEnvironment
    /// Asked before each batch is emitted: a HALT stops the run after the batch in flight.
    let haltRequested: @Sendable () -> Bool

    private var settings: RunSettings { environment.settings }
    private var logger: Logger {
        var logger = environment.logger
        logger[metadataKey: RunLogKey.runID] = .string(run.runID)
        return logger
    }

    /// Runs to an outcome. Throws only what must not be turned into a FAILED outcome: a
    /// simulated crash (`CrashPointReached`) and cancellation.
    func execute() async throws -> RunOutcome {
        do {
            return try await executeSteps()
        } catch let error as CrashPointReached {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch let error as RunFailure {
            return .failed(reason: error.reason)
        } catch {
            return .failed(reason: "\(error)")
        }
    }

    private func executeSteps() async throws -> RunOutcome {
        let (store, executor, run, partitions, rules) = (environment.store, environment.executor, run, partitions, settings.rules)
        let schedule = try await RunSchedule.computeConcurrently(
            store: store, partitions: partitions, runID: run.runID, window: run.window, scope: run.scope, rules: rules,
            earliestPaymentDate: rules.calendar.earliestPaymentDate(creationDate: run.creationDate),
            concurrency: settings.scheduleConcurrency)
        let folder = RunFolders.folder(output: settings.outputFolder, runID: run.runID, isDryRun: run.isDryRun)
        let writer = RunWriter(runID: run.runID, settings: settings.bacs, calendar: rules.calendar,
                               creationDate: run.creationDate, folder: folder)
        let batches = try writer.plan(duePaymentsByPartition: schedule.duePaymentsByPartition)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        logger.info("run scheduled", metadata: [
            RunLogKey.runType: .string(run.command.type.rawValue), RunLogKey.partitions: "\(partitions)",
            RunLogKey.batches: "\(batches.count)", RunLogKey.payments: "\(schedule.figures.paid.count)",
            RunLogKey.pence: "\(schedule.figures.paid.pence.value)", RunLogKey.unresolvedAwards: "\(schedule.unresolvedAwards)",
        ])

        var committed: [String: BatchRecord] = [:]
        if !run.isDryRun {
            guard let output = environment.output else {
                throw RunFailure(runID: run.runID, reason: "this process has no Kafka output; it can only plan")
            }
            // Each partition's producer is initialised before its committed batches are read: on a
            // real broker that fences an earlier incarnation and aborts its open transaction, so
            // what is read is final. Partitions are independent, so several go at once.
            try await withThrowingTaskGroup(of: [String: BatchRecord].self) { group in
                var waiting = Set(batches.map { Int32($0.partition) }).sorted()[...]
                func startNext() {
                    guard let partition = waiting.popFirst() else { return }
                    group.addTask { try await committedBatches(output: output, partition: partition) }
                }
                for _ in 0..<settings.partitionsInFlight { startNext() }
                while let found = try await group.next() {
                    committed.merge(found) { $1 }
                    startNext()
                }
            }
            // A committed batch that the recomputed schedule does not have means the store changed
            // under the run (the mirror applied records between the crash and the resume): its
            // payments could be cut into other batches and paid twice, so the run stops here.
            let recomputed = Set(batches.map(WireBatchID.of))
            if let stray = committed.keys.sorted().first(where: { !recomputed.contains($0) }) {
                try await storeChanged("batch \(stray) is committed but the recomputed schedule has no such batch",
                                       partitions: Set(committed.values.map { Int32($0.partition) }), output: output)
            }
            if !committed.isEmpty { logger.info("run resumed", metadata: [RunLogKey.committedBatches: "\(committed.count)"]) }
        }
        try environment.crashHook?.reached(.beforeFirstBatch)

        // Partitions are independent (each has its own producer, its own partitions of the
        // output topics and its own ledger range), so up to `partitionsInFlight` of them emit at
        // once; within a partition, batches go strictly in order: file, transaction, ledger.
        let alreadyCommitted = committed
        var byPartition: [Int: [Int]] = [:]
        for index in batches.indices { byPartition[batches[index].partition, default: []].append(index) }
        var written = [WrittenFile?](repeating: nil, count: batches.count)
        var halted = false
        try await withThrowingTaskGroup(of: (results: [(Int, WrittenFile)], halted: Bool).self) { group in
            var waiting = byPartition.keys.sorted()[...]
            func startNext() {
                guard let partition = waiting.popFirst() else { return }
                let indices = byPartition[partition]!
                group.addTask {
                    try await emitPartition(indices.map { ($0, batches[$0]) }, committed: alreadyCommitted, writer: writer)
                }
            }
            for _ in 0..<settings.partitionsInFlight { startNext() }
            while let finished = try await group.next() {
                for (index, entry) in finished.results { written[index] = entry }
                halted = halted || finished.halted
                startNext()
            }
        }
        let files = written.compactMap { $0 }
        let paid = Tally(count: files.reduce(0) { $0 + $1.count }, pence: files.map(\.totalPence).sum())
        if halted {
            let late = written.indices.filter { written[$0] != nil }.reduce(Tally.zero) { $0 + batches[$1].late }
            return .halted(schedule.figures.withPaid(paid, late: late))
        }
        try environment.crashHook?.reached(.beforeReport)
        let (figures, modulus) = (schedule.figures, rules.settings.modulusChecksApplied)
        let manifest = try await executor.run {
            try writer.finish(batches: batches, written: files, figures: figures, window: run.window, modulusChecksApplied: modulus)
        }
        return .completed(manifest.figures)
    }

    /// One partition's batches, in order. A committed batch is restored; after a HALT, committed
    /// batches are still recorded and nothing new is emitted.
    private func emitPartition(_ batches: [(index: Int, batch: PaymentBatch)], committed: [String: BatchRecord],
                               writer: RunWriter) async throws -> (results: [(Int, WrittenFile)], halted: Bool) {
        var results: [(Int, WrittenFile)] = []
        var halted = false
        for (index, batch) in batches {
            let wireID = WireBatchID.of(batch)
            if let record = committed[wireID] {
                results.append((index, try await restore(batch, wireID: wireID, record: record, writer: writer)))
                continue
            }
            if halted || haltRequested() {
                halted = true
                continue
            }
            try Task.checkCancellation()
            results.append((index, try await emit(batch, wireID: wireID, writer: writer)))
        }
        return (results, halted)
    }

    /// A batch already committed by an earlier incarnation: its file is put back (the same
    /// bytes; checked against the committed sha256) and its payments recorded in the ledger.
    private func restore(_ batch: PaymentBatch, wireID: String, record: BatchRecord, writer: RunWriter) async throws -> WrittenFile {
        let entry = try await offPool {
            let (bytes, entry) = try writer.files.encode(batch)
            guard entry.sha256 == record.sha256 else { return Optional<WrittenFile>.none }
            try AtomicFile.write(bytes, to: writer.files.folder.appendingPathComponent(entry.file))
            return entry
        }
        guard let entry else {
            try await storeChanged("batch \(wireID) is committed with sha256 \(record.sha256) but recomputes to another file",
                                   partitions: [Int32(batch.partition)], output: environment.output)
        }
        try await recordLedger(batch, wireID: wireID)
        return entry
    }

    /// The store changed under a resumed run (the mirror applied records between the crash and
    /// the resume), so its batches no longer recompute to what was committed: emitting on would
    /// cut payments into other batches and could pay them twice. The run fails, after the ledger
    /// of `partitions` is rebuilt from backstop.payments, so that a new ACTIVATE excludes
    /// everything this run committed, including batches the crash kept out of the ledger.
    private func storeChanged(_ what: String, partitions: Set<Int32>, output: PaymentOutput?) async throws -> Never {
        if let output {
            let rebuilder = LedgerRebuilder(
                store: environment.store, readiness: LedgerReadiness(), connection: output.readerConnection,
                paymentsTopic: settings.paymentsTopic, group: settings.group, timeout: settings.readTimeout, logger: environment.logger)
            for partition in partitions.sorted() { try await rebuilder.rebuild(partition: partition) }
        }
        throw RunFailure(runID: run.runID, reason:
            "\(what): the store changed under the run; the ledger of partitions \(partitions.sorted()) is rebuilt from backstop.payments; issue a new ACTIVATE to pay the rest")
    }

    /// Writes the batch's file, emits its transaction, records its ledger entries.
    private func emit(_ batch: PaymentBatch, wireID: String, writer: RunWriter) async throws -> WrittenFile {
        let started = ContinuousClock.now
        let entry = try await offPool {
            let (bytes, entry) = try writer.files.encode(batch)
            try AtomicFile.write(bytes, to: writer.files.folder.appendingPathComponent(entry.file))
            return entry
        }
        try environment.crashHook?.reached(.afterFile)
        if !run.isDryRun, let output = environment.output {
            try await emitTransaction(batch, wireID: wireID, entry: entry, output: output)
            try environment.crashHook?.reached(.afterCommitBeforeLedger)
            try await recordLedger(batch, wireID: wireID)
            environment.metrics.paymentsEmitted.increment(by: entry.count)
            environment.metrics.penceEmitted.increment(by: entry.totalPence.value)
        }
        environment.metrics.batchEmitSeconds.recordNanoseconds(Self.nanoseconds(ContinuousClock.now - started))
        logger.debug("batch emitted", metadata: [
            RunLogKey.batchID: .string(wireID), RunLogKey.payments: "\(entry.count)", RunLogKey.pence: "\(entry.totalPence.value)",
        ])
        return entry
    }

    /// The batch's transaction, retried on Kafka errors (DESIGN.md 6 and 7.1): before each retry
    /// the partition's producer is (re)initialised and the committed batches read again, so a
    /// transaction that did commit before its answer was lost is not emitted twice.
    private func emitTransaction(_ batch: PaymentBatch, wireID: String, entry: WrittenFile, output: PaymentOutput) async throws {
        let partition = Int32(batch.partition)
        let records = Self.records(of: batch, wireID: wireID, entry: entry, settings: settings)
        var attempt = 1
        while true {
            do {
                try await output.emitTransaction(records, partition: partition, crashHook: environment.crashHook)
                return
            } catch let error as KafkaError {
                logger.warning("batch transaction failed", metadata: [
                    RunLogKey.batchID: .string(wireID), RunLogKey.attempt: "\(attempt)", RunLogKey.error: "\(error)",
                ])
                guard attempt < settings.emitAttempts else {
                    throw RunFailure(runID: run.runID, reason: "batch \(wireID) was not committed after \(attempt) attempts: \(error)")
                }
                try await Task.sleep(for: settings.retryBackoff * (1 << min(attempt - 1, 10)))
                attempt += 1
                environment.metrics.batchRetries.increment()
                if let record = try await committedBatches(output: output, partition: partition)[wireID] {
                    guard record.sha256 == entry.sha256 else {
                        throw RunFailure(runID: run.runID, reason: "batch \(wireID) is committed with another file's sha256")
                    }
                    return
                }
            }
        }
    }

    /// The batch's backstop.payments records (to partition p, keyed by NINO) and its
    /// backstop.batches record (to partition p, keyed by batchId), in that order.
    static func records(of batch: PaymentBatch, wireID: String, entry: WrittenFile, settings: RunSettings) -> [KafkaProducerRecord] {
        let partition = Int32(batch.partition)
        var records: [KafkaProducerRecord] = []
        records.reserveCapacity(batch.payments.count + 1)
        for payment in batch.payments {
            let instruction = PaymentInstruction(payment, runID: batch.runID, batchID: wireID, settings: settings.bacs)
            records.append(KafkaProducerRecord(
                topic: settings.paymentsTopic, partition: partition, key: Array(payment.nino.value.utf8), value: instruction.encoded()))
        }
        let batchRecord = BatchRecord(batchID: wireID, runID: batch.runID, written: entry)
        records.append(KafkaProducerRecord(
            topic: settings.batchesTopic, partition: partition, key: Array(wireID.utf8), value: batchRecord.encoded()))
        return records
    }

    /// Records the batch's payments in the ledger, in writes of at most `StoreLimits.factsPerUpdate`.
    private func recordLedger(_ batch: PaymentBatch, wireID: String) async throws {
        let store = environment.store
        try await environment.executor.run {
            var entries: [LedgerEntry] = []
            entries.reserveCapacity(min(batch.payments.count, StoreLimits.factsPerUpdate))
            for payment in batch.payments {
                entries.append(LedgerEntry(awardID: payment.awardID, dueDate: payment.dueDate, runID: batch.runID,
                                           batchID: wireID, amount: payment.amount))
                if entries.count == StoreLimits.factsPerUpdate {
                    try store.recordLedger(entries, partition: Int32(batch.partition))
                    entries.removeAll(keepingCapacity: true)
                }
            }
            try store.recordLedger(entries, partition: Int32(batch.partition))
        }
    }

    /// This run's batches committed on partition `partition` of backstop.batches, by batchId,
    /// read after the partition's producer is initialised.
    private func committedBatches(output: PaymentOutput, partition: Int32) async throws -> [String: BatchRecord] {
        _ = try await output.producer(for: partition)
        let reader = CommittedPartitionReader(
            connection: output.readerConnection, groupID: "backstop-\(settings.group)-run-resume",
            timeout: settings.readTimeout, logger: environment.logger)
        var found: [String: BatchRecord] = [:]
        let runID = run.runID
        try await reader.readAll(topic: settings.batchesTopic, partition: partition) { records in
            for record in records {
                guard let value = record.value, let batch = try? BatchRecord.decode(value) else { continue }
                if batch.runId == runID { found[batch.batchId] = batch }
            }
        }
        return found
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
