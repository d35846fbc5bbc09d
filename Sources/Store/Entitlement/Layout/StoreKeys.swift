import Entitlements

/// Builds and parses the keys of `StoreLayout`.
enum StoreKeys {
    static func partitionPrefix(_ partition: Int32) -> [UInt8] {
        var writer = ByteWriter(capacity: 4)
        writer.partition(partition)
        return writer.bytes
    }

    /// Every key of one estate partition, in a partitioned family.
    static func partitionRange(_ partition: Int32) -> KeyRange {
        KeyRange(from: partitionPrefix(partition), upTo: partition == Int32.max ? nil : partitionPrefix(partition + 1))
    }

    // MARK: claimants

    static func claimant(_ partition: Int32, _ nino: NINO, _ kind: StoreLayout.ClaimantKind) -> [UInt8] {
        var writer = ByteWriter(capacity: 14)
        writer.partition(partition)
        writer.raw(Array(nino.value.utf8))
        writer.u8(kind.rawValue)
        return writer.bytes
    }

    // MARK: awards

    static func awardPrefix(_ partition: Int32, _ awardID: AwardID) -> [UInt8] {
        var writer = ByteWriter(capacity: 48)
        writer.partition(partition)
        writer.string(awardID.value)
        return writer.bytes
    }

    static func award(_ partition: Int32, _ fact: AwardFact) -> [UInt8] {
        switch fact.change {
        case .started: awardRecord(partition, fact.awardID, .started)
        case .rateChanged(let rate): rateChange(partition, fact.awardID, effectiveFrom: rate.effectiveFrom)
        case .suspension(let change): suspension(partition, fact.awardID, from: change.from)
        case .ended: awardRecord(partition, fact.awardID, .ended)
        case .deductionSet(let set): deduction(partition, fact.awardID, set.id)
        }
    }

    static func rateChange(_ partition: Int32, _ awardID: AwardID, effectiveFrom: CalendarDate) -> [UInt8] {
        awardRecord(partition, awardID, .rateChanged) { $0.date(effectiveFrom) }
    }

    static func suspension(_ partition: Int32, _ awardID: AwardID, from: CalendarDate) -> [UInt8] {
        awardRecord(partition, awardID, .suspension) { $0.date(from) }
    }

    static func deduction(_ partition: Int32, _ awardID: AwardID, _ deductionID: DeductionID) -> [UInt8] {
        awardRecord(partition, awardID, .deductionSet) { $0.string(deductionID.value) }
    }

    /// The award's prefix, the kind byte, then what tells records of that kind apart.
    private static func awardRecord(
        _ partition: Int32, _ awardID: AwardID, _ kind: StoreLayout.AwardKind, _ discriminator: (inout ByteWriter) -> Void = { _ in }
    ) -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        writer.raw(awardPrefix(partition, awardID))
        writer.u8(kind.rawValue)
        discriminator(&writer)
        return writer.bytes
    }

    /// Splits an awards key into its award id and the kind byte with what follows it.
    static func parseAward(_ key: UnsafeRawBufferPointer) throws(StoreError) -> (partition: Int32, awardID: AwardID, kind: UInt8) {
        var reader = ByteReader(key, family: StoreLayout.Family.awards.rawValue)
        let partition = try reader.partition()
        let awardID = try reader.validated(AwardID.init)
        return (partition, awardID, try reader.u8())
    }

    // MARK: paid markers and ledger entries

    static func dated(_ partition: Int32, _ awardID: AwardID, _ dueDate: CalendarDate) -> [UInt8] {
        var writer = ByteWriter(capacity: 48)
        writer.raw(awardPrefix(partition, awardID))
        writer.date(dueDate)
        return writer.bytes
    }

    static func parseDated(_ key: UnsafeRawBufferPointer, family: StoreLayout.Family) throws(StoreError) -> (awardID: AwardID, dueDate: CalendarDate) {
        var reader = ByteReader(key, family: family.rawValue)
        _ = try reader.partition()
        let awardID = try reader.validated(AwardID.init)
        let dueDate = try reader.date()
        try reader.finish()
        return (awardID, dueDate)
    }

    // MARK: commands and offsets

    static func command(_ commandID: String) -> [UInt8] {
        var writer = ByteWriter()
        writer.string(commandID)
        return writer.bytes
    }

    static func offset(_ input: InputPartition, estateTopics: Set<String>) -> [UInt8] {
        var writer = ByteWriter(capacity: 32)
        if estateTopics.contains(input.topic) {
            writer.u8(StoreLayout.OffsetScope.estate.rawValue)
            writer.partition(input.partition)
            writer.string(input.topic)
        } else {
            writer.u8(StoreLayout.OffsetScope.shared.rawValue)
            writer.string(input.topic)
            writer.partition(input.partition)
        }
        return writer.bytes
    }

    static func parseOffset(_ key: UnsafeRawBufferPointer) throws(StoreError) -> InputPartition {
        var reader = ByteReader(key, family: StoreLayout.Family.offsets.rawValue)
        let input: InputPartition
        switch try reader.u8() {
        case StoreLayout.OffsetScope.estate.rawValue:
            let partition = try reader.partition()
            input = InputPartition(topic: try reader.string(), partition: partition)
        case StoreLayout.OffsetScope.shared.rawValue:
            let topic = try reader.string()
            input = InputPartition(topic: topic, partition: try reader.partition())
        default:
            throw reader.corrupt("unknown offset scope")
        }
        try reader.finish()
        return input
    }

    /// The offsets owned with estate partition `partition`.
    static func estateOffsetRange(_ partition: Int32) -> KeyRange {
        let scope = StoreLayout.OffsetScope.estate.rawValue
        return KeyRange(
            from: [scope] + partitionPrefix(partition),
            upTo: partition == Int32.max ? [scope + 1] : [scope] + partitionPrefix(partition + 1))
    }
}
