/// One record of the synthetic estate, ready to produce: the estate topics are keyed by NINO
/// and the record's timestamp is the event's `occurredAt` (CreateTime, topics.yaml), so
/// `replay --until` cuts the simulated estate where its events happened.
public struct SimulatedRecord: Sendable, Equatable {
    public let topic: String
    public let key: String
    public let value: [UInt8]
    public let timestampMilliseconds: Int64
}

/// The estate topics (DESIGN.md 2).
public enum EstateTopic {
    public static let claimants = "estate.claimants"
    public static let awards = "estate.awards"
    public static let payments = "estate.payments"
    public static let all = [claimants, awards, payments]
}
