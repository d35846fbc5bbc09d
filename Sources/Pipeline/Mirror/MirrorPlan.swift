import Entitlements
import Kafka
import Store

/// What one batch of consumed records comes to, computed without I/O by `MirrorCore.plan`:
/// the dead letters to produce first, then ONE store update holding the facts and the next
/// offsets of every input partition the batch advanced.
public struct MirrorPlan: Sendable {
    public var update = StoreUpdate()
    public var deadLetters: [DeadLetter] = []
    /// Records turned into facts, by topic.
    public var applied: [String: Int] = [:]
    /// Records refused, by reason.
    public var rejected: [Rejection.Reason: Int] = [:]
    /// Records not applied: of a partition not owned, already applied (a redelivery), or
    /// after the `until` moment of a replay.
    public var skipped = 0
    /// Input partitions that reached their first record after `until` in this batch.
    public var finished: Set<InputPartition> = []

    public init() {}

    public var isEmpty: Bool { update.isEmpty && deadLetters.isEmpty }
}

/// A rejected estate record on its way to backstop.dlq (DESIGN.md 2.3): its key and value
/// unchanged, where it came from and why.
public struct DeadLetter: Sendable, Equatable {
    public let source: KafkaRecord
    public let rejection: Rejection

    public enum Header {
        public static let topic = "dlq.topic"
        public static let partition = "dlq.partition"
        public static let offset = "dlq.offset"
        public static let reason = "dlq.reason"
        /// The decoder's detail, naming the field (an extension of DESIGN.md 2.3).
        public static let detail = "dlq.detail"
    }

    /// The record to produce to `topic`, keyed by the original key, so the dead letters of a
    /// claimant stay in order.
    public func producerRecord(topic: String) -> KafkaProducerRecord {
        KafkaProducerRecord(
            topic: topic, key: source.key, value: source.value,
            headers: [
                KafkaHeader(name: Header.topic, string: source.topic),
                KafkaHeader(name: Header.partition, string: String(source.partition)),
                KafkaHeader(name: Header.offset, string: String(source.offset)),
                KafkaHeader(name: Header.reason, string: rejection.reason.rawValue),
                KafkaHeader(name: Header.detail, string: rejection.detail),
            ],
            timestampMilliseconds: source.timestamp?.milliseconds)
    }
}
