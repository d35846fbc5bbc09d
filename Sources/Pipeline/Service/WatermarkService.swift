import Kafka
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// Measures, for `/status`, how far the store is behind the estate topics: for each owned
/// partition and estate topic, the high watermark minus the store's next offset. It owns one
/// consumer that reads nothing (no partition assigned) and only asks brokers for watermarks;
/// the consumer lives while the service runs and is closed at shutdown.
public final class WatermarkService: Service {
    /// How long one watermark query may take before that partition's lag is left out.
    public static let queryTimeout: Duration = .seconds(2)

    private let configuration: KafkaConsumerConfiguration
    private let topics: [String]
    private let logger: Logger
    private let consumer = Mutex<KafkaConsumer?>(nil)

    public init(connection: KafkaConnection, groupID: String, topics: [String], logger: Logger) {
        configuration = connection.consumer(groupID: groupID + "-watermarks")
        self.topics = topics
        self.logger = logger
    }

    public func run() async throws {
        let made = try KafkaConsumer.make(configuration: configuration, assignment: .partitions([]), logger: logger)
        consumer.withLock { $0 = made }
        try? await gracefulShutdown()
        consumer.withLock { $0 = nil }
        await made.close()
    }

    /// The lag of each estate input partition of `partitions`; a partition whose watermark
    /// could not be read in time (or before the service runs) is left out, never guessed.
    public func lag(partitions: [Int32], stored: [InputPartition: Int64]) async -> [InputPartition: Int64] {
        guard let consumer = consumer.withLock({ $0 }) else { return [:] }
        var lag: [InputPartition: Int64] = [:]
        for partition in partitions {
            for topic in topics {
                guard let marks = try? await consumer.queryWatermarks(TopicPartition(topic, partition), timeout: Self.queryTimeout) else { continue }
                let input = InputPartition(topic: topic, partition: partition)
                lag[input] = max(0, marks.high - (stored[input] ?? marks.low))
            }
        }
        return lag
    }
}
