import Entitlements

extension EntitlementStore {
    /// Applies `update`: its facts in order and its next offsets, in ONE atomic RocksDB write
    /// (DESIGN.md section 3), synced unless `options.database.syncWrites` is off (a replay into a
    /// throwaway folder may turn it off; the live store never does). After a crash the store holds either all of it or none of it,
    /// so consuming from the stored offsets applies every input record exactly once.
    ///
    /// A fact replaces what is stored under the same key (see `StoreLayout`): a claimant's upsert
    /// its earlier one, a rate change one with the same `effectiveFrom`, and so on. A later
    /// upsert never touches a recorded death, which has its own key.
    public func apply(_ update: StoreUpdate) throws(StoreError) {
        guard !update.isEmpty else { return }
        precondition(update.facts.count <= StoreLimits.factsPerUpdate, "an update of \(update.facts.count) facts exceeds StoreLimits.factsPerUpdate")
        try checkOffsetsAdvance(update.nextOffsets)
        let batch = database.makeWriteBatch()
        for (partition, fact) in update.facts {
            if let problem = fact.limitProblem {
                throw StoreError(code: .invalidFact, message: problem)
            }
            add(fact, partition: partition, to: batch)
        }
        for (input, next) in update.nextOffsets {
            precondition(next >= 0, "a next offset is never negative: \(input) \(next)")
            batch.put(StoreKeys.offset(input, estateTopics: options.estateTopics), RecordCodec.encodeOffset(next), in: offsets)
        }
        try storing { try database.write(batch) }
    }

    /// Refuses an update that would move a stored offset back: that would apply input records a
    /// second time (a stale consumer, or a bug in the caller), which exactly-once rules out.
    /// One point read per input partition in the update; they come from the memtable.
    private func checkOffsetsAdvance(_ nextOffsets: [InputPartition: Int64]) throws(StoreError) {
        for (input, next) in nextOffsets {
            let key = StoreKeys.offset(input, estateTopics: options.estateTopics)
            let stored = try storing {
                try database.withValue(key, in: offsets) { value in try value.map(RecordCodec.decodeOffset) }
            }
            if let stored, stored > next {
                throw StoreError(
                    code: .offsetRegression,
                    message: "\(input): the store is at offset \(stored), the update goes back to \(next)", family: "offsets")
            }
        }
    }

    private func add(_ fact: StoreFact, partition: Int32, to batch: WriteBatch) {
        switch fact {
        case .claimant(let claimant):
            batch.put(StoreKeys.claimant(partition, claimant.nino, .upserted), RecordCodec.encode(claimant), in: claimants)
        case .death(let death):
            batch.put(StoreKeys.claimant(partition, death.nino, .died), RecordCodec.encode(death), in: claimants)
        case .award(let award):
            batch.put(StoreKeys.award(partition, award), RecordCodec.encode(award), in: awards)
        case .paid(let marker):
            batch.put(StoreKeys.dated(partition, marker.awardID, marker.dueDate), RecordCodec.encode(marker), in: paid)
        case .command(let command):
            batch.put(StoreKeys.command(command.commandID), RecordCodec.encode(command), in: commands)
        }
    }

    /// Records payments Backstop has emitted in estate partition `partition` (DESIGN.md section 4,
    /// step 3, after the batch's Kafka transaction committed), in one synced write. Recording an
    /// entry again (a resumed run) rewrites the same key.
    public func recordLedger(_ entries: [LedgerEntry], partition: Int32) throws(StoreError) {
        guard !entries.isEmpty else { return }
        precondition(entries.count <= StoreLimits.factsPerUpdate, "\(entries.count) ledger entries exceed StoreLimits.factsPerUpdate")
        let batch = database.makeWriteBatch()
        for entry in entries {
            guard entry.runID.utf8.count <= StoreLimits.textBytes, entry.batchID.utf8.count <= StoreLimits.textBytes else {
                throw StoreError(code: .invalidFact, message: "runId or batchId is longer than \(StoreLimits.textBytes) bytes", family: "ledger")
            }
            batch.put(StoreKeys.dated(partition, entry.awardID, entry.dueDate), RecordCodec.encode(entry), in: ledger)
        }
        try storing { try database.write(batch) }
    }
}
