import Entitlements

/// One record of the synthetic estate, ready to produce: the estate topics are keyed by NINO
/// and the record's timestamp is the event's `occurredAt` (CreateTime, topics.yaml), so
/// `replay --until` cuts the simulated estate where its events happened.
public struct SimulatedRecord: Sendable, Equatable {
    public let topic: EstateTopic
    public let key: String
    public let value: [UInt8]
    public let timestampMilliseconds: Int64
}
