import Bacs
import Control
import Entitlements
import Foundation
import Kafka
import Logging
import MetricsTestKit
import Simulation
import Store
import Synchronization
import TestSupport
@testable import Pipeline

/// Shared fixtures of the run-stage tests: stores built straight from the simulator (simulator →
/// decoder → `StoreFact` → `store.apply`, no Kafka), a broker for the output topics, and a
/// controller wired as the service wires it.
enum RunFixture {
    static let partitions: Int32 = 4
    static let asOf = try! CalendarDate("2026-11-27")
    /// Two weeks of payment dates just after the estate's "today", so most due payments are not
    /// yet paid by the estate.
    static let window = try! PaymentWindow(from: CalendarDate("2026-11-30"), to: CalendarDate("2026-12-11"))
    static let issuedAt = Date(timeIntervalSince1970: 1_796_112_000)  // 2026-12-01T08:00:00Z

    static func logger() -> Logger {
        var logger = Logger(label: "run-tests", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        return logger
    }

    static func rules() -> PaymentRules {
        PaymentRules(calendar: PaymentCalendar(), settings: try! RuleSettings())
    }

    /// Small files, so that a small estate gives many batches (and so many crash points).
    static func bacs(maxItemsPerFile: Int = 25) -> BacsSettings {
        try! BacsSettings(
            sun: ServiceUserNumber("123456"), originatingSortCode: SortCode("200000"), originatingAccount: AccountNumber("12345678"),
            serviceUserName: "DWP", contraNarrative: "DWP BENEFITS", contraAccountName: "DWP", maximumItemsPerFile: maxItemsPerFile)
    }

    /// The estate partition of a NINO in these tests (FNV-1a; any stable spread will do, since
    /// the store never recomputes partitions).
    static func partition(of nino: String) -> Int32 {
        var hash: UInt32 = 2_166_136_261
        for byte in nino.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int32(hash % UInt32(partitions))
    }

    /// A store at `path` holding the simulated estate of `claimants` claimants.
    static func store(at path: String, claimants: Int = 300, seed: UInt64 = 11) throws -> EntitlementStore {
        let store = try EntitlementStore.open(at: path)
        let simulator = try EstateSimulator(settings: SimulationSettings(claimants: claimants, seed: seed, asOf: asOf))
        let decoder = EstateEventDecoder()
        var update = StoreUpdate()
        for index in 0..<simulator.count {
            let record = simulator.record(at: index)
            guard case .success(let event) = decoder.decode(record.value, topic: record.topic) else {
                throw RunFailure(runID: "-", reason: "the simulator wrote a record the decoder refuses: \(record)")
            }
            update.append(event, partition: partition(of: record.key), offset: Int64(index))
            if update.facts.count == 10_000 {
                try store.apply(update)
                update = StoreUpdate()
            }
        }
        try store.apply(update)
        return store
    }

    static func command(_ type: ControlCommand.Kind = .activate, id: String = "run-\(UUID().uuidString.prefix(8).lowercased())",
                        window: PaymentWindow = RunFixture.window, benefits: Set<Benefit>? = nil) -> AcceptedRun {
        let command = try! ControlCommand(
            type: type, commandId: id, issuedAt: issuedAt, expiresAt: issuedAt.addingTimeInterval(6 * 3_600),
            paymentDates: window, benefits: benefits, runId: nil, reason: "test run")
        return AcceptedRun(command: command, approvers: ["ops-a", "ops-b"])
    }

    /// The paid due payments the rules give for `run` over the store, computed here without the
    /// run stage: what backstop.payments must hold.
    static func expectedPaid(_ store: EntitlementStore, _ run: AcceptedRun) throws -> [PaymentID: DuePayment] {
        let rules = rules()
        let earliest = rules.calendar.earliestPaymentDate(creationDate: run.creationDate)
        var paid: [PaymentID: DuePayment] = [:]
        for partition in 0..<partitions {
            try store.forEachAward(partition: partition, dueDates: rules.dueDateRange(for: run.window)) { state in
                guard let award = state.awardFacts else { return true }
                let ledger = Set(state.ledger.filter { $0.runID != run.runID }.map(\.paymentID))
                for payment in rules.duePayments(award: award, claimant: state.claimantFacts, window: run.window, scope: run.scope,
                                                 ledger: ledger, earliestPaymentDate: earliest)
                where payment.exclusion == nil {
                    paid[payment.paymentID] = payment
                }
                return true
            }
        }
        return paid
    }
}

/// An audit sink that keeps what it is given.
actor RecordingAuditSink: AuditSink {
    private(set) var records: [AuditRecord] = []
    func record(_ record: AuditRecord) async throws { records.append(record) }
}

/// The output topics of one test, on the embedded cluster or, when BACKSTOP_TEST_BOOTSTRAP
/// names one, an external broker (the noida-db broker of the end-to-end tests, which filters
/// aborted transactions; it must create topics on first use with at least 4 partitions).
final class RunBroker: Sendable {
    let cluster: EmbeddedCluster?
    let bootstrapServers: [String]
    let payments: String
    let batches: String

    init() throws {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        payments = "backstop.payments.\(suffix)"
        batches = "backstop.batches.\(suffix)"
        if let external = ProcessInfo.processInfo.environment["BACKSTOP_TEST_BOOTSTRAP"], !external.isEmpty {
            cluster = nil
            bootstrapServers = external.split(separator: ",").map(String.init)
        } else {
            let cluster = try EmbeddedCluster.start(brokers: 1, logger: RunFixture.logger())
            for topic in [payments, batches] { try cluster.createTopic(topic, partitions: Int(RunFixture.partitions)) }
            self.cluster = cluster
            bootstrapServers = cluster.bootstrapServers
        }
    }

    /// True on the embedded broker, which does not filter aborted transactions (DESIGN.md 7).
    var showsAbortedRecords: Bool { cluster != nil }

    func producerConfiguration() -> KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
        configuration.linger = .milliseconds(2)
        return configuration
    }

    /// Every record of `topic`, all partitions, read_committed.
    func records(_ topic: String) async throws -> [KafkaRecord] {
        let reader = CommittedPartitionReader(
            connection: KafkaConnection(bootstrapServers: bootstrapServers), groupID: "run-tests-reader", timeout: .seconds(60), logger: RunFixture.logger())
        var all: [KafkaRecord] = []
        for partition in 0..<RunFixture.partitions {
            try await reader.readAll(topic: topic, partition: partition) { all += $0 }
        }
        return all
    }

    func instructions() async throws -> [PaymentInstruction] {
        try await records(payments).map { try PaymentInstruction.decode($0.value!) }
    }
}

/// A controller on `store`, wired as the service wires it: every partition owned, caught up and
/// with its ledger ready unless told otherwise.
struct RunRig {
    let controller: RunController
    let output: PaymentOutput
    let audit: RecordingAuditSink
    let metrics: TestMetrics
    let outputFolder: URL
    let executor: BlockingExecutor

    init(store: EntitlementStore, broker: RunBroker, outputFolder: URL, group: String, crashHook: (any CrashHook)? = nil,
         ledgersReady: Bool = true, maxItemsPerFile: Int = 25, partitionsInFlight: Int = 8) throws {
        let ownership = PartitionOwnership()
        ownership.assign(0..<RunFixture.partitions)
        for partition in 0..<RunFixture.partitions { ownership.markCaughtUp(partition) }
        let ledgers = LedgerReadiness()
        if ledgersReady { for partition in 0..<RunFixture.partitions { ledgers.markReady(partition) } }
        var settings = RunSettings(rules: RunFixture.rules(), bacs: RunFixture.bacs(maxItemsPerFile: maxItemsPerFile),
                                   outputFolder: outputFolder, group: group)
        settings.paymentsTopic = broker.payments
        settings.batchesTopic = broker.batches
        settings.catchUpTimeout = .seconds(2)
        settings.readTimeout = .seconds(60)
        settings.retryBackoff = .milliseconds(50)
        settings.partitionsInFlight = partitionsInFlight
        try settings.validate()
        let output = PaymentOutput(producerConfiguration: broker.producerConfiguration(), group: group,
                                   transactionTimeout: .seconds(60), logger: RunFixture.logger())
        let metrics = TestMetrics()
        let executor = BlockingExecutor.start(name: "run-tests")
        let environment = RunEnvironment(store: store, settings: settings, output: output, metrics: RunMetrics(factory: metrics),
                                         logger: RunFixture.logger(), crashHook: crashHook, executor: executor)
        let audit = RecordingAuditSink()
        controller = RunController(environment: environment, ownership: ownership, ledgers: ledgers, audit: audit,
                                   clock: { RunFixture.issuedAt })
        self.output = output
        self.audit = audit
        self.metrics = metrics
        self.outputFolder = outputFolder
        self.executor = executor
    }

    /// Closes the producers and the executor, as a process would on its way out.
    func shutDown() async {
        await output.close()
        executor.shutdown()
    }

    /// Starts `run`, runs it, and returns its outcome.
    func complete(_ run: AcceptedRun) async throws -> RunOutcome {
        try await controller.start(run)
        try await controller.runPending()
        return await controller.outcome(of: run.runID)
    }
}

/// The files of a run folder, by name.
func filesOf(_ folder: URL) throws -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
        files[name] = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }
    return files
}
