import Kafka
import Testing
import TestSupport

/// Who ends a transaction whose producer died with it open. Kafka's coordinator aborts it by
/// itself once the producer's `transaction.timeout.ms` has passed (it looks every
/// `transaction.abort.timed.out.transaction.cleanup.interval.ms`, 10 s by default) and bumps the
/// producer's epoch, so the dead producer could not commit it any more; until then the open
/// transaction holds back the last stable offset, so read_committed readers of its partitions
/// see nothing written after it. noida-db 0.2.3 does not: only a new producer initialised with
/// the same transactional id ends it (the path Backstop relies on, DESIGN.md 4: a restarted run
/// initialises its partitions' producers before anything else).
///
/// For Backstop this means that on noida-db a run killed inside a transaction and never
/// restarted holds back read_committed readers of that partition of backstop.payments for good,
/// where Kafka would release them after PaymentOutput's 120 s transaction timeout.
@Suite("noida-db tier: a dead producer's open transaction")
struct NoidaTierTransactionTimeoutTests {
    /// librdkafka's smallest transaction.timeout.ms is 1000; 2 s leaves the producer time to
    /// deliver its record before the timeout would count.
    static let transactionTimeout = Duration.seconds(2)
    /// How long the silent transaction is watched: past what Kafka would take to abort it (the
    /// timeout plus one 10 s clean-up interval), bounded so the test stays short.
    static let watch = Duration.seconds(15)

    /// A transaction opened on a fresh one-partition topic with one record delivered to the log,
    /// then left alone (no commit, no abort, no further call: what a killed process leaves), and
    /// after it a record written outside any transaction to the same partition.
    struct SilentTransaction {
        let topic: String
        let configuration: KafkaTransactionalProducerConfiguration
        let producer: KafkaTransactionalProducer
    }

    func openSilentTransaction(on broker: NoidaBroker) async throws -> SilentTransaction {
        let topic = try await broker.createTopic("noida-txn-timeout", partitions: 1)
        var configuration = KafkaTransactionalProducerConfiguration(
            producer: broker.producerConfiguration(), transactionalID: uniqueName("txn"))
        configuration.transactionTimeout = Self.transactionTimeout
        configuration.callTimeout = .seconds(30)
        let producer = try KafkaTransactionalProducer.make(configuration: configuration, logger: testLogger())
        try await producer.initTransactions()
        try producer.beginTransaction()
        try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, key: nil, value: "open".bytes))
        #expect(try await producer.awaitDeliveries(timeout: .seconds(30)).delivered == 1)

        let plain = try KafkaProducer.make(configuration: broker.producerConfiguration(), logger: testLogger())
        try await plain.send(KafkaProducerRecord(topic: topic, partition: 0, key: nil, value: "after".bytes))
        #expect(try await plain.awaitDeliveries(timeout: .seconds(30)).delivered == 1)
        try await plain.close()
        return SilentTransaction(topic: topic, configuration: configuration, producer: producer)
    }

    /// Values a `isolation` reader of `topic` sees from the beginning until `enough` says so or
    /// `timeout` passes (then what it saw so far).
    func read(_ topic: String, on broker: NoidaBroker, isolation: IsolationLevel, within timeout: Duration,
              until enough: ([String]) -> Bool) async throws -> [String] {
        let consumer = try KafkaConsumer.make(
            configuration: broker.consumerConfiguration(group: uniqueName("g"), isolation: isolation),
            assignment: .partitions([TopicPartitionOffset(topic, 0, .beginning)]), logger: testLogger())
        var values: [String] = []
        do {
            try await readEvents(consumer, for: "records of \(topic)", within: timeout) { event in
                if case .records(let batch) = event { values += batch.map { String(decoding: $0.value ?? [], as: UTF8.self) } }
                return enough(values)
            }
        } catch is DeadlinePassed {
            // What was seen by the deadline is the answer.
        }
        await consumer.close()
        return values
    }

    @Test("noida-db never aborts it by its transaction timeout: read_committed readers stay held back and the producer can still commit")
    func notAbortedByTimeout() async throws {
        let broker = try await NoidaBroker.start()
        let silent = try await openSilentTransaction(on: broker)
        // The uncommitted record and the one after it are both in the log.
        let logged = try await read(silent.topic, on: broker, isolation: .readUncommitted, within: .seconds(30)) { $0.count >= 2 }
        #expect(logged == ["open", "after"])

        // Past Kafka's abort (2 s timeout + one 10 s clean-up), read_committed readers still see
        // nothing: the last stable offset stays before the open transaction.
        let started = ContinuousClock.now
        let heldBack = try await read(silent.topic, on: broker, isolation: .readCommitted, within: Self.watch) { !$0.isEmpty }
        #expect(heldBack.isEmpty, "read_committed saw \(heldBack) \(ContinuousClock.now - started) after the transaction went silent")
        #expect(ContinuousClock.now - started >= Self.watch)

        // The transaction is still open and still the producer's: its commit succeeds, long
        // after the timeout (on Kafka it would fail: the coordinator fenced the producer).
        try await silent.producer.commitTransaction()
        let released = try await read(silent.topic, on: broker, isolation: .readCommitted, within: .seconds(30)) { $0.count >= 2 }
        #expect(released == ["open", "after"])
        try await silent.producer.close()
        await broker.stop()
    }

    @Test("a new producer with the same transactional id aborts it at once: read_committed readers see the record after it, never the open one")
    func abortedByTheNextIncarnation() async throws {
        let broker = try await NoidaBroker.start()
        let silent = try await openSilentTransaction(on: broker)

        let successor = try KafkaTransactionalProducer.make(configuration: silent.configuration, logger: testLogger())
        try await successor.initTransactions()
        let released = try await read(silent.topic, on: broker, isolation: .readCommitted, within: .seconds(30)) { $0.contains("after") }
        #expect(released == ["after"])

        // The dead incarnation is fenced: its commit fails, fatally.
        let zombieCommit = await #expect(throws: KafkaError.self) { try await silent.producer.commitTransaction() }
        #expect(zombieCommit?.isFatal == true, "\(String(describing: zombieCommit))")
        try await successor.close()
        try? await silent.producer.close(timeout: .seconds(5))
        await broker.stop()
    }
}
