import Entitlements
import Kafka
import Logging
import Store
import Synchronization

/// Which estate partitions have a ledger this process can trust (DESIGN.md sections 3 and 8).
///
/// The store drops a partition's ledger when the partition is revoked, and while another process
/// owned it, that process paid from it. So a process that gains a partition rebuilds its ledger
/// from partition p of backstop.payments (`LedgerRebuilder`) and only then marks it ready; a run
/// refuses to cover a partition that is not ready (it would pay again what the other process
/// paid). Revocation makes it not ready again.
public final class LedgerReadiness: Sendable {
    private let ready = Mutex<Set<Int32>>([])

    public init() {}

    public func markReady(_ partition: Int32) { ready.withLock { _ = $0.insert(partition) } }
    public func revoke(_ partitions: some Sequence<Int32>) { ready.withLock { $0.subtract(partitions) } }
    public func isReady(_ partition: Int32) -> Bool { ready.withLock { $0.contains(partition) } }
    public var readyPartitions: Set<Int32> { ready.withLock { $0 } }
}

/// Rebuilds a partition's ledger from backstop.payments (read_committed, from the beginning):
/// every paymentId on partition p becomes a ledger entry of p. The mirror or service calls
/// `rebuild(partition:)` when p is assigned, before any run covers p.
public struct LedgerRebuilder: Sendable {
    public let store: EntitlementStore
    public let readiness: LedgerReadiness
    public let connection: KafkaConnection
    public let paymentsTopic: String
    public let group: String
    public let timeout: Duration
    private let logger: Logger

    public init(store: EntitlementStore, readiness: LedgerReadiness, connection: KafkaConnection,
                paymentsTopic: String = "backstop.payments", group: String, timeout: Duration = .seconds(300), logger: Logger) {
        self.store = store
        self.readiness = readiness
        self.connection = connection
        self.paymentsTopic = paymentsTopic
        self.group = group
        self.timeout = timeout
        self.logger = logger
    }

    /// Reads partition `partition` of backstop.payments to its end and records every payment in
    /// the store's ledger, then marks the partition ready. Returns the number of records read.
    /// A record that does not decode stops the rebuild: a ledger with a hole would pay twice.
    @discardableResult
    public func rebuild(partition: Int32) async throws -> Int {
        readiness.revoke([partition])
        let reader = CommittedPartitionReader(
            connection: connection, groupID: "backstop-\(group)-ledger-rebuild", timeout: timeout, logger: logger)
        var count = 0
        try await reader.readAll(topic: paymentsTopic, partition: partition) { records in
            var entries: [LedgerEntry] = []
            entries.reserveCapacity(records.count)
            for record in records {
                guard let value = record.value else {
                    throw RunFailure(runID: "-", reason: "\(paymentsTopic)[\(partition)] offset \(record.offset) has no value")
                }
                let instruction: PaymentInstruction
                do { instruction = try PaymentInstruction.decode(value) } catch {
                    throw RunFailure(runID: "-", reason: "\(paymentsTopic)[\(partition)] offset \(record.offset) is not a payment instruction: \(error)")
                }
                entries.append(try Self.ledgerEntry(instruction))
            }
            for start in stride(from: 0, to: entries.count, by: StoreLimits.factsPerUpdate) {
                try store.recordLedger(Array(entries[start..<min(start + StoreLimits.factsPerUpdate, entries.count)]), partition: partition)
            }
            count += records.count
        }
        readiness.markReady(partition)
        logger.info("ledger rebuilt", metadata: [RunLogKey.partition: "\(partition)", RunLogKey.ledgerEntries: "\(count)"])
        return count
    }

    static func ledgerEntry(_ instruction: PaymentInstruction) throws -> LedgerEntry {
        let entry = LedgerEntry(
            awardID: try AwardID(instruction.awardId), dueDate: try CalendarDate(instruction.dueDate),
            runID: instruction.runId, batchID: instruction.batchId, amount: try Pence(nonNegative: instruction.amountPence))
        guard entry.paymentID.description == instruction.paymentId else {
            throw RunFailure(runID: instruction.runId, reason: "payment \(instruction.paymentId) does not match its award and due date")
        }
        return entry
    }
}
