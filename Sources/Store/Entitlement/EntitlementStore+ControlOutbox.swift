import Entitlements

/// What the control stage still owes after deciding on a control record: the audit record to
/// deliver to backstop.audit, and for an accepted command, the hand-off to the run controller.
///
/// The store is the source of truth for control decisions (DESIGN.md 2.2): the decision, these
/// follow-ups and the control topic's next offset are written in ONE atomic write, before any of
/// them is acted on. A follow-up is deleted only once done, so after a crash the pending ones are
/// done again (an outbox): a decision is never taken twice, so never flipped, and no audit record
/// or accepted command is lost. Doing one twice is possible (a crash after the delivery, before
/// the deletion): audit consumers key on commandId and decision, and the run controller treats
/// a run it already knows as resumed.
public struct ControlFollowUp: Hashable, Sendable {
    public enum Kind: UInt8, Sendable, CaseIterable {
        /// Deliver `payload` (the audit record's JSON) to backstop.audit with key `key`.
        case audit = 1
        /// Hand the accepted command to the run controller; `payload` is the envelope's JSON.
        case handOff = 2
    }

    /// The offset of the control record decided on; orders follow-ups as the records were.
    public var controlOffset: Int64
    public var kind: Kind
    /// The audit record's key (the commandId, or the control record's own key when the command
    /// could not be read).
    public var key: String
    public var payload: String

    public init(controlOffset: Int64, kind: Kind, key: String, payload: String) {
        precondition(controlOffset >= 0, "a control offset is never negative")
        self.controlOffset = controlOffset
        self.kind = kind
        self.key = key
        self.payload = payload
    }

    /// Key and payload each fit the store's 16-bit string length with room to spare; the
    /// control stage refuses larger control records before deciding on them.
    public static let maximumPayloadBytes = 32 * 1024
}

extension EntitlementStore {
    /// Records a decision on the control record at `controlOffset`: the command's record (nil
    /// when no commandId could be read), its follow-ups, and `controlOffset + 1` as the next
    /// offset of `input`, in one synced atomic write. Refuses to move the stored offset back.
    public func recordControlDecision(
        _ command: CommandRecord?, followUps: [ControlFollowUp], input: InputPartition, controlOffset: Int64
    ) throws(StoreError) {
        precondition(!options.estateTopics.contains(input.topic), "control offsets are kept for every process, not per estate partition")
        let offsetKey = StoreKeys.offset(input, estateTopics: options.estateTopics)
        let stored = try storing { try database.withValue(offsetKey, in: offsets) { try $0.map(RecordCodec.decodeOffset) } }
        if let stored, stored > controlOffset {
            throw StoreError(code: .offsetRegression,
                             message: "\(input): the store is at offset \(stored), a decision on offset \(controlOffset) was already taken",
                             family: "offsets")
        }
        let batch = database.makeWriteBatch()
        if let command {
            guard command.reason.utf8.count <= StoreLimits.textBytes, command.commandID.utf8.count <= StoreLimits.textBytes else {
                throw StoreError(code: .invalidFact, message: "command \(command.commandID): reason longer than \(StoreLimits.textBytes) bytes", family: "commands")
            }
            batch.put(StoreKeys.command(command.commandID), RecordCodec.encode(command), in: commands)
        }
        for followUp in followUps {
            precondition(followUp.controlOffset == controlOffset, "a decision's follow-ups carry its offset")
            guard followUp.key.utf8.count <= ControlFollowUp.maximumPayloadBytes,
                  followUp.payload.utf8.count <= ControlFollowUp.maximumPayloadBytes else {
                throw StoreError(code: .invalidFact, message: "control follow-up at offset \(controlOffset) exceeds \(ControlFollowUp.maximumPayloadBytes) bytes")
            }
            batch.put(ControlOutboxKey.key(followUp), ControlOutboxKey.value(followUp), in: database.defaultColumnFamily)
        }
        batch.put(offsetKey, RecordCodec.encodeOffset(controlOffset + 1), in: offsets)
        try storing { try database.write(batch) }
    }

    /// The follow-ups not yet done, in control-offset order (an audit before its hand-off).
    public func pendingControlFollowUps() throws(StoreError) -> [ControlFollowUp] {
        try storing {
            var pending: [ControlFollowUp] = []
            try database.forEach(in: database.defaultColumnFamily, range: .prefix(ControlOutboxKey.prefix)) { key, value in
                pending.append(try ControlOutboxKey.decode(key: key, value: value))
                return true
            }
            return pending
        }
    }

    /// Marks a follow-up done (synced).
    public func completeControlFollowUp(_ followUp: ControlFollowUp) throws(StoreError) {
        try storing { try database.delete(ControlOutboxKey.key(followUp), in: database.defaultColumnFamily, sync: true) }
    }
}

/// Follow-ups live in the default column family under their own prefix, beside the layout key:
/// `"control-outbox" 0x00`, control offset (i64, big-endian), kind (u8) → version, key, payload.
enum ControlOutboxKey {
    static let prefix = Array("control-outbox".utf8) + [0]

    static func key(_ followUp: ControlFollowUp) -> [UInt8] {
        var writer = ByteWriter(capacity: prefix.count + 9)
        writer.raw(prefix)
        writer.i64(followUp.controlOffset)
        writer.u8(followUp.kind.rawValue)
        return writer.bytes
    }

    static func value(_ followUp: ControlFollowUp) -> [UInt8] {
        var writer = ByteWriter(capacity: 16 + followUp.payload.utf8.count)
        writer.u8(StoreLayout.valueVersion)
        writer.string(followUp.key)
        writer.string(followUp.payload)
        return writer.bytes
    }

    static func decode(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws(StoreError) -> ControlFollowUp {
        let family = "default"
        var keyReader = ByteReader(UnsafeRawBufferPointer(rebasing: key[prefix.count...]), family: family)
        let offset = try keyReader.i64()
        let kindByte = try keyReader.u8()
        try keyReader.finish()
        guard offset >= 0, let kind = ControlFollowUp.Kind(rawValue: kindByte) else {
            throw keyReader.corrupt("control follow-up key with offset \(offset) and kind \(kindByte)")
        }
        var reader = ByteReader(value, family: family)
        let version = try reader.u8()
        guard version == StoreLayout.valueVersion else {
            throw StoreError(code: .unsupportedVersion, message: "control follow-up encoding version \(version)", family: family)
        }
        let followUp = ControlFollowUp(controlOffset: offset, kind: kind, key: try reader.string(), payload: try reader.string())
        try reader.finish()
        return followUp
    }
}
