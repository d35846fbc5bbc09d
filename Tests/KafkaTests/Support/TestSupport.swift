import Foundation
import Kafka
import Logging

/// A logger for tests: warnings and worse go to stderr; no global bootstrap.
func testLogger(_ label: String = "kafka-tests") -> Logger {
    var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = .warning
    return logger
}

/// A unique name per test, so tests never share topics or groups.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

func consumerConfiguration(_ cluster: EmbeddedCluster, group: String) -> KafkaConsumerConfiguration {
    var configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: group)
    configuration.sessionTimeout = .seconds(6)
    configuration.heartbeatInterval = .milliseconds(500)
    return configuration
}

func producerConfiguration(_ cluster: EmbeddedCluster) -> KafkaProducerConfiguration {
    var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
    configuration.linger = .milliseconds(2)
    return configuration
}

struct DeadlinePassed: Error, CustomStringConvertible {
    let waitingFor: String
    var description: String { "deadline passed waiting for \(waitingFor)" }
}

/// Reads events until `done` says so, at most until `deadline`. Returns false on nothing:
/// throws when the deadline passes or the consumer closes first.
func readEvents(
    _ consumer: KafkaConsumer, for what: String, within timeout: Duration,
    _ done: (KafkaConsumerEvent) throws -> Bool
) async throws {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while true {
        let event: KafkaConsumerEvent?
        do {
            event = try await consumer.nextEvent(before: deadline)
        } catch let error as KafkaError where error.code == .timeout {
            throw DeadlinePassed(waitingFor: what)
        }
        guard let event else { throw DeadlinePassed(waitingFor: "\(what) (the consumer closed)") }
        if try done(event) { return }
    }
}

/// Reads records until `count` have arrived; returns them in arrival order.
func readRecords(_ consumer: KafkaConsumer, count: Int, within timeout: Duration) async throws -> [KafkaRecord] {
    var records: [KafkaRecord] = []
    try await readEvents(consumer, for: "\(count) records", within: timeout) { event in
        if case .records(let batch) = event { records += batch }
        return records.count >= count
    }
    return records
}

/// Produces `records` and waits until all are delivered; fails if any is not.
func produceAll(_ producer: KafkaProducer, _ records: [KafkaProducerRecord]) async throws -> DeliveryTally {
    for record in records { try await producer.send(record) }
    return try await producer.awaitDeliveries(timeout: .seconds(60))
}
