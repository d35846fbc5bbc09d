import Bacs
import Control
import Entitlements
import Foundation
import Kafka
import Logging
import ServiceLifecycle
import Simulation

/// `backstop demo` (DESIGN.md 7): the whole story in one process, on the embedded broker.
///
/// Topics, a simulated estate, the real service (`BackstopService`, exactly what `backstop run`
/// runs) mirroring it until caught up, two operator keys, an ACTIVATE for seven days of payment
/// dates from the day after the estate was lost, signed by one and counter-signed by the other, sent to backstop.control,
/// the run, and the COMPLETED audit record read back from backstop.audit; then a summary from
/// the run's manifest. Everything it makes stays in the output folder.
public struct Demo: Sendable {
    public var claimants = 20_000
    public var seed: UInt64 = 42
    public var outputFolder: URL
    public var topicsFile: String
    /// The estate's as-of date: its last day before it was lost. The run pays the seven days
    /// after it, so those of them the run can no longer reach are paid late (DOMAIN.md 3).
    public var asOf: CalendarDate
    /// How long each phase may take before the demo gives up, saying which.
    public var phaseTimeout: Duration = .seconds(300)

    /// Marks a folder as the demo's own, so a second demo may clear it and nothing else is.
    static let marker = ".backstop-demo"

    public init(outputFolder: URL, topicsFile: String, asOf: CalendarDate) {
        self.outputFolder = outputFolder
        self.topicsFile = topicsFile
        self.asOf = asOf
    }

    public func run(log: @escaping @Sendable (String) -> Void, logger: Logger) async throws -> DemoSummary {
        let started = ContinuousClock.now
        try prepareFolder()
        let keysFolder = outputFolder.appendingPathComponent("keys")

        log("starting the embedded Kafka cluster (librdkafka's mock) with the topics of \(topicsFile)")
        let broker = try DevBroker.start(catalog: try TopicCatalog.load(path: topicsFile), brokers: 1, partitions: nil, logger: logger)
        let servers = broker.cluster.bootstrapServers

        log("simulating an estate of \(claimants) claimants (seed \(seed), as of \(asOf))")
        let simulator = try EstateSimulator(settings: SimulationSettings(claimants: claimants, seed: seed, asOf: asOf))
        let published = try await EstatePublisher(bootstrapServers: servers).publish(simulator, logger: logger, progress: false)
        log("published \(published.total) estate records: " + published.byTopic.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))

        log("generating two operator keys in \(keysFolder.path)")
        let a = try OperatorKeyFiles.generate(keyId: "demo-ops-a", in: keysFolder)
        let b = try OperatorKeyFiles.generate(keyId: "demo-ops-b", in: keysFolder)
        let keyringURL = keysFolder.appendingPathComponent("keyring.json")
        try Data("{\"quorum\": 2, \"keys\": [\(a.keyringEntry), \(b.keyringEntry)]}\n".utf8).write(to: keyringURL)

        let configuration = ServiceConfiguration(
            bootstrapServers: servers, stateDirectory: outputFolder.appendingPathComponent("state").path,
            outputDirectory: outputFolder.path,
            keyring: (keyringURL.path, try Keyring.load(contentsOf: keyringURL)), groupID: "backstop-demo", httpPort: 0, httpHost: "127.0.0.1",
            logLevel: logger.logLevel)
        let service = try BackstopService.make(configuration: configuration, metrics: MetricsRegistry(), logger: logger,
                                               gracefulShutdownSignals: [])
        let running = Task { try await service.group.run() }
        defer { running.cancel() }

        log("mirroring the estate into the entitlement store")
        try await waitUntil("the mirror to catch up", within: phaseTimeout) { service.ownership.isCaughtUp }
        if let port = await service.http.boundPort { log("service ready; status at http://127.0.0.1:\(port)/status") }

        let window = try Self.window(after: asOf)
        let now = Date()
        let issuedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let command = try ControlCommand(
            type: .activate, commandId: UUID().uuidString.lowercased(), issuedAt: issuedAt,
            expiresAt: issuedAt.addingTimeInterval(3_600), paymentDates: window, benefits: nil, runId: nil,
            reason: "demo: estate unavailable")
        let envelope = try ControlEnvelope(command: command.encoded(), approvals: [])
            .approved(by: a.keyId, with: try OperatorKeyFiles.loadPrivateKey(at: a.privateKeyPath))
            .approved(by: b.keyId, with: try OperatorKeyFiles.loadPrivateKey(at: b.privateKeyPath))
        let envelopeURL = outputFolder.appendingPathComponent("activate.json")
        try envelope.encoded().write(to: envelopeURL)
        log("ACTIVATE \(command.commandId) for payment dates \(window.from) to \(window.to), signed by \(a.keyId) and \(b.keyId): \(envelopeURL.path)")

        let producer = try KafkaProducer.make(configuration: KafkaProducerConfiguration(bootstrapServers: servers), logger: logger)
        try await producer.send(KafkaProducerRecord(topic: ControlStage.controlTopic, key: Array(command.commandId.utf8),
                                                    value: Array(envelope.encoded())))
        let delivery = try await producer.awaitDeliveries(timeout: .seconds(30))
        try await producer.close(timeout: .seconds(5))
        guard delivery.failed == 0 else { throw DemoError("the ACTIVATE was not delivered to \(ControlStage.controlTopic)") }

        log("waiting for the run's outcome on backstop.audit")
        let audit = try await auditTrail(commandID: command.commandId, servers: servers, logger: logger)
        await service.group.triggerGracefulShutdown()
        _ = try? await running.value

        guard let outcome = audit.last, outcome.decision == .completed else {
            throw DemoError("the run did not complete: " + audit.map { "\($0.decision.rawValue) \($0.reason)" }.joined(separator: "; "))
        }
        let runFolder = outputFolder.appendingPathComponent("runs").appendingPathComponent(command.commandId)
        let manifest = try RunManifest.decode(Array(try Data(contentsOf: runFolder.appendingPathComponent("manifest.json"))))
        return DemoSummary(commandID: command.commandId, window: window, audit: audit, manifest: manifest,
                           runFolder: runFolder, elapsed: ContinuousClock.now - started)
    }

    /// The seven days of payment dates after `asOf`, the estate's last day. Those the run can no
    /// longer reach are paid late, on its earliest payment date, which is what an incident
    /// team would see on the day.
    static func window(after asOf: CalendarDate) throws -> PaymentWindow {
        try PaymentWindow(from: asOf.adding(days: 1), to: asOf.adding(days: 7))
    }

    /// Reads backstop.audit until the command's run outcome (COMPLETED, HALTED or FAILED) arrives.
    private func auditTrail(commandID: String, servers: [String], logger: Logger) async throws -> [AuditRecord] {
        let consumer = try KafkaConsumer.make(
            configuration: KafkaConsumerConfiguration(bootstrapServers: servers, groupID: "backstop-demo-audit"),
            assignment: .partitions([TopicPartitionOffset(KafkaAuditSink.topic, 0, .beginning)]), logger: logger)
        defer { Task { await consumer.close() } }
        let deadline = ContinuousClock.now + phaseTimeout
        var trail: [AuditRecord] = []
        while let event = try await consumer.nextEvent(before: deadline) {
            guard case .records(let records) = event else { continue }
            for record in records {
                guard let value = record.value, let audit = try? AuditRecord.decode(Data(value)), audit.commandId == commandID else { continue }
                trail.append(audit)
                if ([.completed, .halted, .failed, .rejected] as [AuditRecord.Decision]).contains(audit.decision) { return trail }
            }
        }
        throw DemoError("no outcome for \(commandID) on backstop.audit")
    }

    /// Clears the output folder of an earlier demo (never a folder the demo did not make).
    private func prepareFolder() throws {
        let files = FileManager.default
        let marker = outputFolder.appendingPathComponent(Self.marker)
        if files.fileExists(atPath: outputFolder.path) {
            let contents = try files.contentsOfDirectory(atPath: outputFolder.path)
            guard contents.isEmpty || files.fileExists(atPath: marker.path) else {
                throw DemoError("\(outputFolder.path) exists and is not a demo's output folder; choose another with --out-dir")
            }
            for name in contents { try files.removeItem(at: outputFolder.appendingPathComponent(name)) }
        }
        try files.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        try Data("made by backstop demo; the next demo clears this folder\n".utf8).write(to: marker)
    }

    private func waitUntil(_ what: String, within timeout: Duration, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw DemoError("gave up waiting for \(what) after \(timeout)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

public struct DemoError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
