import Entitlements

extension EntitlementStore {
    /// The claimant `nino` of estate partition `partition`.
    public func claimant(_ nino: NINO, partition: Int32, snapshot: Snapshot? = nil) throws(StoreError) -> ClaimantState {
        try storing {
            var state = ClaimantState()
            try database.withValue(StoreKeys.claimant(partition, nino, .upserted), in: claimants, snapshot: snapshot) { value in
                if let value { state.record = try RecordCodec.decodeClaimant(value, nino: nino) }
            }
            try database.withValue(StoreKeys.claimant(partition, nino, .died), in: claimants, snapshot: snapshot) { value in
                if let value { state.death = try RecordCodec.decodeDeath(value, nino: nino) }
            }
            return state
        }
    }

    /// One award with everything the payment rules need, or `nil` when the store has no fact of
    /// it (an award known only from a `PaymentIssued` has none). Paid markers and ledger entries
    /// are those with due dates in `dueDates` (all of them when `nil`).
    public func award(_ awardID: AwardID, partition: Int32, dueDates: ClosedRange<CalendarDate>? = nil) throws(StoreError) -> AwardState? {
        var found: AwardState?
        try walk(partition: partition, awards: .prefix(StoreKeys.awardPrefix(partition, awardID)), dueDates: dueDates) { state in
            found = state
            return false
        }
        return found
    }

    /// Calls `body` with every award of estate partition `partition`, in key order, each complete
    /// as `award(_:partition:dueDates:)` returns it, all from one snapshot; stops when `body`
    /// returns `false`. This is what a run's schedule step walks (DESIGN.md section 4). Throws
    /// `StoreError`, or what `body` throws.
    public func forEachAward(
        partition: Int32, dueDates: ClosedRange<CalendarDate>? = nil, _ body: (AwardState) throws -> Bool
    ) throws {
        try walk(partition: partition, awards: StoreKeys.partitionRange(partition), dueDates: dueDates, body)
    }

    /// Walks the awards of `range` with one cursor per family, all on one snapshot. Awards, paid
    /// markers and ledger entries are all keyed by partition and award first, so the paid and
    /// ledger cursors only ever seek forward as the awards cursor advances.
    private func walk(
        partition: Int32, awards range: KeyRange, dueDates: ClosedRange<CalendarDate>?, _ body: (AwardState) throws -> Bool
    ) throws(StoreError) {
        let snapshot = database.snapshot()
        let partitionRange = StoreKeys.partitionRange(partition)
        try storing {
            try database.scan(paid, range: partitionRange, snapshot: snapshot) { paidCursor in
                try database.scan(ledger, range: partitionRange, snapshot: snapshot) { ledgerCursor in
                    try database.scan(awards, range: range, snapshot: snapshot) { awardsCursor in
                        while awardsCursor.isValid {
                            guard var state = try readAward(from: awardsCursor) else { return }
                            state.claimant = try claimant(state.nino, partition: state.partition, snapshot: snapshot)
                            let dated = datedRange(state.partition, state.awardID, dueDates)
                            state.paidByEstate = try collect(paidCursor, dated, RecordCodec.decodePaid)
                            state.ledger = try collect(ledgerCursor, dated, RecordCodec.decodeLedger)
                            guard try body(state) else { return }
                        }
                    }
                }
            }
        }
    }

    /// Decodes the entries of `range` from a cursor of the same family: seek, then read forward.
    private func collect<Record>(
        _ cursor: borrowing Cursor, _ range: KeyRange,
        _ decode: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws(StoreError) -> Record
    ) throws -> [Record] {
        var records: [Record] = []
        cursor.seek(to: range.lower)
        while cursor.isValid, cursor.withKey({ range.contains($0) }) {
            records.append(try cursor.withKey { key in try cursor.withValue { value in try decode(key, value) } })
            cursor.next()
        }
        try cursor.checkStatus()
        return records
    }

    /// Reads the facts of the award the cursor is on and leaves the cursor on the next award.
    private func readAward(from cursor: borrowing Cursor) throws -> AwardState? {
        var state: AwardState?
        while cursor.isValid {
            let (partition, fact) = try cursor.withKey { key in
                try cursor.withValue { value in try RecordCodec.decodeAward(key: key, value: value) }
            }
            if state == nil {
                state = AwardState(partition: partition, awardID: fact.awardID, nino: fact.nino)
            } else if state?.awardID != fact.awardID {
                break
            }
            state?.add(fact.change)
            cursor.next()
        }
        return state
    }

    /// The keys of an award's paid markers or ledger entries with due dates in `dueDates`.
    private func datedRange(_ partition: Int32, _ awardID: AwardID, _ dueDates: ClosedRange<CalendarDate>?) -> KeyRange {
        guard let dueDates else { return .prefix(StoreKeys.awardPrefix(partition, awardID)) }
        return KeyRange(
            from: StoreKeys.dated(partition, awardID, dueDates.lowerBound),
            upTo: StoreKeys.dated(partition, awardID, dueDates.upperBound.adding(days: 1)))
    }

    /// Whether the estate paid `awardID` for nominal due date `dueDate` (PAID_BY_ESTATE).
    public func paidMarker(_ awardID: AwardID, dueDate: CalendarDate, partition: Int32) throws(StoreError) -> PaidMarker? {
        let key = StoreKeys.dated(partition, awardID, dueDate)
        return try storing {
            try database.withValue(key, in: paid) { value -> PaidMarker? in
                guard let value else { return nil }
                return try key.withUnsafeBytes { try RecordCodec.decodePaid(key: $0, value: value) }
            }
        }
    }

    /// The ledger entry of the payment of `awardID` due on `dueDate` (PAID_BY_BACKSTOP).
    public func ledgerEntry(_ awardID: AwardID, dueDate: CalendarDate, partition: Int32) throws(StoreError) -> LedgerEntry? {
        let key = StoreKeys.dated(partition, awardID, dueDate)
        return try storing {
            try database.withValue(key, in: ledger) { value -> LedgerEntry? in
                guard let value else { return nil }
                return try key.withUnsafeBytes { try RecordCodec.decodeLedger(key: $0, value: value) }
            }
        }
    }

    /// The decision recorded for control command `commandID`, if it was seen.
    public func command(_ commandID: String) throws(StoreError) -> CommandRecord? {
        try storing {
            try database.withValue(StoreKeys.command(commandID), in: commands) { value -> CommandRecord? in
                guard let value else { return nil }
                return try RecordCodec.decodeCommand(value, commandID: commandID)
            }
        }
    }

    /// The next offset to read of every input partition the store has applied records of.
    /// Consumption resumes from these, not from the group's committed offsets (DESIGN.md section 3).
    public func nextOffsets() throws(StoreError) -> [InputPartition: Int64] {
        try storing {
            var result: [InputPartition: Int64] = [:]
            try database.forEach(in: offsets) { key, value in
                result[try StoreKeys.parseOffset(key)] = try RecordCodec.decodeOffset(value)
                return true
            }
            return result
        }
    }
}

