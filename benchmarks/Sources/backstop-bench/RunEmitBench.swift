import Bacs
import Control
import Entitlements
import Foundation
import Kafka
import Logging
import Metrics
import Pipeline
import Simulation
import Store

/// `run-emit`: a run paying at least 1,000,000 payments, from the accepted command to
/// COMPLETED (schedule from the store, batches, Standard 18 files with fsync, one Kafka
/// transaction per file, ledger, manifest and report), against the raw floor: one
/// transactional producer sending the same number of records of the same size to the same
/// partitions, in the same number of transactions. Both on one broker with 64 partitions a
/// topic and lz4: the embedded cluster (its partitions keep at most 5 MiB each, DESIGN.md 7),
/// or noida-db (`--broker noida`). Goal: within 2×.
enum RunEmitBench: BrokerBenchmark {
    static let name = "run-emit"
    static let summary = "a run paying ≥1,000,000 payments (command to COMPLETED) vs raw transactional produce of the same records"

    static let partitions: Int32 = 64

    /// 620,000 claimants pay about 1,070,000 payments in the window; 1,000,000 about 1,730,000,
    /// which only noida-db keeps. `--claimants` overrides it (smaller estates for profiling).
    static func defaultClaimants(on broker: BrokerChoice) -> Int {
        switch broker {
        case .embedded: 620_000
        case .noida: 1_000_000
        }
    }
    static let asOf = try! CalendarDate("2026-11-27")
    /// Thirty-one days of payment dates: every award pays at least once.
    static let window = try! PaymentWindow(from: CalendarDate("2026-11-30"), to: CalendarDate("2026-12-30"))

    static func run(on choice: BrokerChoice, claimants: Int?) async throws {
        var logger = Logger(label: "run-emit", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        let claimants = claimants ?? defaultClaimants(on: choice)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backstop-bench-run-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        let clock = ContinuousClock()
        var store: EntitlementStore!
        let loading = try clock.measure { store = try bulkLoad(at: folder.appendingPathComponent("store").path, claimants: claimants) }
        print("store: \(claimants) claimants bulk-loaded from the simulator into \(partitions) partitions in \(seconds(loading)) s")

        let broker = try await BenchBroker.start(choice, logger: logger)
        do {
            try await broker.createTopics(["backstop.payments", "backstop.batches", "raw.payments"], partitions: Int(partitions))
            try await measure(broker, store: store, folder: folder, logger: logger)
        } catch {
            await broker.stop()
            throw error
        }
        await broker.stop()
    }

    static func measure(_ broker: BenchBroker, store: EntitlementStore, folder: URL, logger: Logger) async throws {
        let clock = ContinuousClock()
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: broker.bootstrapServers)
        producerConfiguration.compression = .lz4
        producerConfiguration.linger = .milliseconds(20)

        // The run.
        let bacs = try BacsSettings(
            sun: ServiceUserNumber("123456"), originatingSortCode: SortCode("200000"), originatingAccount: AccountNumber("12345678"),
            serviceUserName: "DWP", contraNarrative: "DWP BENEFITS", contraAccountName: "DWP")
        let rules = PaymentRules(calendar: PaymentCalendar(), settings: try RuleSettings())
        let settings = RunSettings(rules: rules, bacs: bacs, outputFolder: folder.appendingPathComponent("out"), group: "bench")
        let ownership = PartitionOwnership()
        let ledgers = LedgerReadiness()
        ownership.assign(0..<partitions)
        for partition in 0..<partitions {
            ownership.markCaughtUp(partition)
            ledgers.markReady(partition)
        }
        let output = PaymentOutput(producerConfiguration: producerConfiguration, group: "bench", logger: logger)
        let executor = BlockingExecutor.start(name: "run-emit")
        let environment = RunEnvironment(store: store, settings: settings, output: output, metrics: RunMetrics(factory: NOOPMetricsHandler.instance),
                                         logger: logger, crashHook: nil, executor: executor)
        let controller = RunController(environment: environment, ownership: ownership, ledgers: ledgers, audit: DiscardingAuditSink())
        let issuedAt = Date(timeIntervalSince1970: 1_796_112_000)
        let command = try ControlCommand(type: .activate, commandId: "bench-run", issuedAt: issuedAt, expiresAt: issuedAt.addingTimeInterval(3_600),
                                         paymentDates: window, benefits: nil, runId: nil, reason: "run-emit benchmark")
        var outcome: RunOutcome?
        let runTime = try await clock.measure {
            try await controller.start(AcceptedRun(command: command, approvers: ["bench"]))
            try await controller.runPending()
            outcome = await controller.outcome(of: "bench-run")
        }
        guard case .completed(let figures) = outcome else {
            print("the run did not complete: \(String(describing: outcome))")
            exit(1)
        }
        await output.close()
        let runPeak = peakResidentMemory()

        // The raw floor: the same records' sizes and partitions, in as many transactions.
        let manifest = try RunManifest.decode(Array(Data(contentsOf: settings.outputFolder.appendingPathComponent("runs/bench-run/manifest.json"))))
        var schedule: RunSchedule?
        let scheduleTime = try await clock.measure {
            // As the run computed it: its own ledger entries do not count as paid (RunSchedule).
            schedule = try await RunSchedule.computeConcurrently(
                store: store, partitions: Array(0..<partitions), runID: "bench-run", window: window, scope: .all, rules: rules,
                earliestPaymentDate: rules.calendar.earliestPaymentDate(creationDate: manifest.creationDate),
                concurrency: settings.scheduleConcurrency)
        }
        let records = rawRecords(schedule: schedule!, bacs: bacs, transactions: manifest.files.count)
        var awards = 0
        let walkTime = try clock.measure {
            for partition in 0..<partitions {
                try store.forEachAward(partition: partition, dueDates: rules.dueDateRange(for: window)) { _ in
                    awards += 1
                    return true
                }
            }
        }
        let rawTime = try await clock.measure { try await produceRaw(records, configuration: producerConfiguration, logger: logger) }
        executor.shutdown()

        let paid = figures.paid.count
        let bytes = records.reduce(0) { $0 + $1.reduce(0) { $0 + ($1.value?.count ?? 0) } }
        print("payments: \(paid) paid (\(figures.paid.pence.formatted)) of \(figures.due.count) due, in \(manifest.files.count) files and transactions; \(bytes) bytes of records")
        print("backstop run (command to COMPLETED):        \(seconds(runTime)) s, \(Int(Double(paid) / runTime.seconds)) payments/s")
        print("  of which the schedule alone (store walk, rules; computed again after the run) takes about \(seconds(scheduleTime)) s")
        print("  the store walk alone, on one thread, reads \(awards) awards in \(seconds(walkTime)) s")
        print("raw transactional produce (same records):  \(seconds(rawTime)) s, \(Int(Double(paid) / rawTime.seconds)) payments/s")
        print("ratio: \(String(format: "%.2f", runTime.seconds / rawTime.seconds))× (goal within 2×)")
        print("peak memory (VmHWM): \(runPeak) after the run, \(peakResidentMemory()) after the raw produce; \(broker.footprint)")
    }

    /// The simulated estate straight into the store (simulator → decoder → StoreFact), unsynced writes.
    static func bulkLoad(at path: String, claimants: Int) throws -> EntitlementStore {
        var options = StoreOptions()
        options.database.syncWrites = false
        // Sized to the store, as a deployment would: with the 64 MiB default, most of a run's
        // reads decompress blocks from the page cache again.
        options.database.blockCacheBytes = 1 << 30
        let store = try EntitlementStore.open(at: path, options: options)
        var simulation = SimulationSettings(claimants: claimants, seed: 2026, asOf: asOf)
        simulation.paymentHistoryDays = 7
        let simulator = try EstateSimulator(settings: simulation)
        let decoder = EstateEventDecoder()
        var update = StoreUpdate()
        for index in 0..<simulator.count {
            let record = simulator.record(at: index)
            guard case .success(let event) = decoder.decode(record.value, topic: record.topic) else { continue }
            update.append(event, partition: partition(of: record.key), offset: Int64(index))
            if update.facts.count == 50_000 {
                try store.apply(update)
                update = StoreUpdate()
            }
        }
        try store.apply(update)
        // A store the mirror built over months is compacted; a bulk load leaves many level-0
        // files behind, which would make every read of the run look at each of them.
        try store.database.flush()
        for family in store.database.columnFamilies { store.database.compactRange(in: family) }
        return store
    }

    static func partition(of nino: String) -> Int32 {
        var hash: UInt32 = 2_166_136_261
        for byte in nino.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int32(hash % UInt32(partitions))
    }

    /// Payment records like the run's (recomputed from the store, before timing), cut into
    /// `transactions` groups.
    static func rawRecords(schedule: RunSchedule, bacs: BacsSettings, transactions: Int) -> [[KafkaProducerRecord]] {
        var all: [KafkaProducerRecord] = []
        for (partition, payments) in schedule.duePaymentsByPartition.sorted(by: { $0.key < $1.key }) {
            for payment in payments {
                guard case .pay(let bank) = payment.disposition else { continue }
                // The same fields and lengths as a PaymentInstruction.
                let value = "{\"paymentId\":\"\(payment.paymentID)\",\"runId\":\"bench-run\",\"batchId\":\"bench-run-p\(partition)-\(payment.paymentDate)-1\",\"nino\":\"\(payment.nino.value)\",\"awardId\":\"\(payment.awardID.value)\",\"benefit\":\"\(payment.benefit.code)\",\"dueDate\":\"\(payment.dueDate)\",\"paymentDate\":\"\(payment.paymentDate)\",\"amountPence\":\(payment.amount.value),\"sortCode\":\"\(bank.sortCode.value)\",\"accountNumber\":\"\(bank.accountNumber.value)\",\"accountName\":\"\(bank.accountName)\",\"reference\":\"\(bacs.reference(nino: payment.nino, benefit: payment.benefit))\"}"
                all.append(KafkaProducerRecord(topic: "raw.payments", partition: Int32(partition), key: Array(payment.nino.value.utf8), value: Array(value.utf8)))
            }
        }
        precondition(!all.isEmpty, "the raw floor needs the run's records")
        let size = (all.count + transactions - 1) / max(transactions, 1)
        return stride(from: 0, to: all.count, by: max(size, 1)).map { Array(all[$0..<min($0 + size, all.count)]) }
    }

    static func produceRaw(_ groups: [[KafkaProducerRecord]], configuration: KafkaProducerConfiguration, logger: Logger) async throws {
        var transactional = KafkaTransactionalProducerConfiguration(producer: configuration, transactionalID: "bench-raw")
        transactional.transactionTimeout = .seconds(120)
        transactional.callTimeout = .seconds(120)
        let producer = try KafkaTransactionalProducer.make(configuration: transactional, logger: logger)
        try await producer.initTransactions()
        for group in groups {
            try producer.beginTransaction()
            for record in group { try await producer.send(record) }
            try await producer.commitTransaction()
        }
        try await producer.close()
    }

    static func seconds(_ duration: Duration) -> String { String(format: "%.3f", duration.seconds) }
}

/// Audit records go nowhere in the benchmark.
struct DiscardingAuditSink: AuditSink {
    func record(_ record: AuditRecord) async throws {}
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
