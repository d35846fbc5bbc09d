/// One change to the store, decoded from one input record. `EntitlementStore.apply` writes a
/// batch of them together with the offsets they advance.
public enum StoreFact: Hashable, Sendable {
    /// `ClaimantUpserted` on estate.claimants.
    case claimant(ClaimantRecord)
    /// `ClaimantDied` on estate.claimants.
    case death(DeathRecord)
    /// Any event of estate.awards.
    case award(AwardFact)
    /// `PaymentIssued` on estate.payments.
    case paid(PaidMarker)
    /// A decision on a record of backstop.control (not partitioned: every process keeps all).
    case command(CommandRecord)
}

/// The facts decoded from a run of input records, in arrival order, and the next offset of every
/// input partition they came from (records that only went to the dead-letter topic advance
/// offsets too: DESIGN.md section 6). Applied as one atomic write.
public struct StoreUpdate: Sendable {
    /// Each fact with the estate partition it belongs to (ignored for `.command`).
    public var facts: [(partition: Int32, fact: StoreFact)]
    /// The next offset to read, per input partition.
    public var nextOffsets: [InputPartition: Int64]

    public init(facts: [(partition: Int32, fact: StoreFact)] = [], nextOffsets: [InputPartition: Int64] = [:]) {
        self.facts = facts
        self.nextOffsets = nextOffsets
    }

    public mutating func append(_ fact: StoreFact, partition: Int32) {
        facts.append((partition, fact))
    }

    public var isEmpty: Bool { facts.isEmpty && nextOffsets.isEmpty }
}
