extension EntitlementStore {
    /// Removes everything of estate partition `partition`: its claimants, awards, paid markers,
    /// ledger entries and the offsets of its estate topics, with range deletions in one synced
    /// write (DESIGN.md section 8: a process drops what it no longer owns). Commands and the
    /// offsets of shared topics stay. If the partition comes back, it is rebuilt from the start of
    /// the estate topics, since its offsets went with its state.
    public func drop(partition: Int32) throws(StoreError) {
        let batch = database.makeWriteBatch()
        for family in StoreLayout.Family.partitioned {
            batch.deleteRange(StoreKeys.partitionRange(partition), in: self.family(family))
        }
        batch.deleteRange(StoreKeys.estateOffsetRange(partition), in: offsets)
        try storing { try database.write(batch) }
    }

    /// The estate partitions the store holds any data of.
    public func partitions() throws(StoreError) -> [Int32] {
        var found: Set<Int32> = []
        for family in StoreLayout.Family.partitioned {
            try storing {
                try database.scan(self.family(family)) { cursor in
                    // Jump from partition to partition: one seek each, not a full scan.
                    while cursor.isValid {
                        let partition = try cursor.withKey { key throws(StoreError) in
                            var reader = ByteReader(key, family: family.rawValue)
                            return try reader.partition()
                        }
                        found.insert(partition)
                        guard partition < Int32.max else { return }
                        cursor.seek(to: StoreKeys.partitionPrefix(partition + 1))
                    }
                }
            }
        }
        for input in try nextOffsets().keys where options.estateTopics.contains(input.topic) {
            found.insert(input.partition)
        }
        return found.sorted()
    }
}
