import Crypto

/// How much the store holds, for a summary or a status page.
public struct StoreCounts: Hashable, Sendable {
    public var claimants = 0
    public var deaths = 0
    public var awards = 0
    /// Awards with events but no `AwardStarted`: they owe nothing, and the run report counts
    /// them (DESIGN.md section 6).
    public var awardsWithoutStart = 0
    public var awardFacts = 0
    public var paidMarkers = 0
    public var ledgerEntries = 0
    public var commands = 0
    public var inputPartitions = 0
}

extension EntitlementStore {
    /// Exact counts, by scanning keys (values are not decoded); of one estate partition, or of
    /// all when `partition` is `nil`. Commands and offsets are counted only for the whole store.
    public func counts(partition: Int32? = nil) throws(StoreError) -> StoreCounts {
        var counts = StoreCounts()
        let snapshot = database.snapshot()
        let range = partition.map(StoreKeys.partitionRange) ?? .all
        try storing {
            try database.forEach(in: claimants, range: range, snapshot: snapshot) { key, _ in
                if key.last == StoreLayout.ClaimantKind.died.rawValue { counts.deaths += 1 } else { counts.claimants += 1 }
                return true
            }
            var current: [UInt8] = []
            var started = false
            try database.forEach(in: awards, range: range, snapshot: snapshot) { key, _ in
                let (partition, awardID, kind) = try StoreKeys.parseAward(key)
                let prefix = StoreKeys.awardPrefix(partition, awardID)
                if prefix != current {
                    if !current.isEmpty && !started { counts.awardsWithoutStart += 1 }
                    current = prefix
                    started = false
                    counts.awards += 1
                }
                started = started || kind == StoreLayout.AwardKind.started.rawValue
                counts.awardFacts += 1
                return true
            }
            if !current.isEmpty && !started { counts.awardsWithoutStart += 1 }
            try database.forEach(in: paid, range: range, snapshot: snapshot) { _, _ in counts.paidMarkers += 1; return true }
            try database.forEach(in: ledger, range: range, snapshot: snapshot) { _, _ in counts.ledgerEntries += 1; return true }
            if partition == nil {
                try database.forEach(in: commands, snapshot: snapshot) { _, _ in counts.commands += 1; return true }
                try database.forEach(in: offsets, snapshot: snapshot) { _, _ in counts.inputPartitions += 1; return true }
            }
        }
        return counts
    }

    /// SHA-256, in lowercase hex, of the store's logical content: claimants, awards, paid markers
    /// and the ledger, in key order, all from one snapshot. Offsets, commands and the arrival
    /// stamped on each fact are left out, so two stores that hold the same facts compare equal
    /// however they were built (other batch splits, a replay, a checkpoint copy); any differing
    /// fact changes it. With `partitions`, only those estate partitions are covered, so processes
    /// sharing a group can compare the partitions they hold.
    ///
    /// Framing: per family a 0x01 tag and the family's name; per entry a 0x02 tag, the key and
    /// the value's logical bytes, each behind a 32-bit length; so no two contents hash alike by
    /// shifting bytes between fields.
    public func digest(partitions: Set<Int32>? = nil) throws(StoreError) -> String {
        var hasher = SHA256()
        let snapshot = database.snapshot()
        func length(_ count: Int) -> [UInt8] {
            precondition(count <= Int(UInt32.max), "a RocksDB entry of \(count) bytes")
            var writer = ByteWriter(capacity: 4)
            writer.u32(UInt32(count))
            return writer.bytes
        }
        let ranges: [KeyRange] = partitions.map { $0.sorted().map(StoreKeys.partitionRange) } ?? [.all]
        try storing {
            for family in StoreLayout.Family.logical {
                let name = Array(family.rawValue.utf8)
                hasher.update(data: [0x01] + length(name.count) + name)
                let header = family.valueHeaderBytes
                for range in ranges {
                    try database.forEach(in: self.family(family), range: range, snapshot: snapshot) { key, value in
                        guard value.count >= header else {
                            throw StoreError(code: .corruptRecord, message: "value shorter than its header", family: family.rawValue)
                        }
                        hasher.update(data: [0x02] + length(key.count))
                        hasher.update(bufferPointer: key)
                        hasher.update(data: length(value.count - header))
                        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: value[header...]))
                        return true
                    }
                }
            }
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
