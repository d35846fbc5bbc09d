/// Turns the value of an estate record into an `EstateEvent`, or says exactly why not
/// (DESIGN.md sections 2.1 and 6). The rules are those of `topics/schemas/`, and every file
/// of `topics/examples/` is decoded by the tests with the outcome it names.
///
/// One pass over the bytes (`JSONScanner`) checks that the value is JSON and finds the
/// top-level members; then the fields of the event's type are read in a fixed order (the type,
/// the common fields, the type's own fields as DESIGN.md 2.1 lists them), and the first
/// problem is the rejection. Unknown fields are ignored. The decoder holds no state and is
/// safe to share.
public struct EstateEventDecoder: Sendable {
    public init() {}

    /// Decodes a record's value that arrived on `topic`.
    public func decode(_ value: UnsafeRawBufferPointer, topic: EstateTopic) -> Result<EstateEvent, Rejection> {
        let bytes = value.assumingMemoryBound(to: UInt8.self)
        do throws(Rejection) {
            return .success(try decodeEvent(bytes, topic: topic))
        } catch {
            return .failure(error)
        }
    }

    public func decode(_ value: [UInt8], topic: EstateTopic) -> Result<EstateEvent, Rejection> {
        value.withUnsafeBytes { decode($0, topic: topic) }
    }

    /// A record without a value (a tombstone, as Kafka clients show it) is NOT_JSON.
    public func decode(_ value: [UInt8]?, topic: EstateTopic) -> Result<EstateEvent, Rejection> {
        guard let value else { return .failure(Rejection(.notJSON, "the record has no value (a tombstone)")) }
        return decode(value, topic: topic)
    }

    private func decodeEvent(_ bytes: UnsafeBufferPointer<UInt8>, topic: EstateTopic) throws(Rejection) -> EstateEvent {
        var scanner = JSONScanner(bytes)
        let document: (root: JSONToken, members: [JSONMember])
        do {
            document = try scanner.scanDocument()
        } catch {
            throw Rejection(.notJSON, bytes.isEmpty ? "the value is empty" : error.description)
        }
        guard document.root.kind == .object else {
            throw Rejection(.notAnObject, "the value is \(document.root.kind.phrase), not an object")
        }
        let fields = EventFields(bytes: bytes, members: document.members, path: "")
        let type = try eventType(fields, topic: topic)
        let header = EstateEvent.Header(
            eventID: try fields.identifier("eventId", maximumLength: EventID.maximumLength) { text throws(ValidationError) in try EventID(text) },
            occurredAt: try fields.timestamp("occurredAt"),
            nino: try fields.nino("nino"))
        switch type {
        case .claimantUpserted: return .claimantUpserted(header, try claimantUpserted(fields))
        case .claimantDied: return .claimantDied(header, .init(dateOfDeath: try fields.date("dateOfDeath")))
        case .awardStarted: return .awardStarted(header, try awardStarted(fields))
        case .awardRateChanged:
            return .awardRateChanged(header, .init(
                awardID: try fields.awardID("awardId"),
                effectiveFrom: try fields.date("effectiveFrom"),
                amount: try fields.pence("amountPence")))
        case .awardSuspended:
            return .awardSuspended(header, .init(awardID: try fields.awardID("awardId"), from: try fields.date("from")))
        case .awardResumed:
            return .awardResumed(header, .init(awardID: try fields.awardID("awardId"), from: try fields.date("from")))
        case .awardEnded:
            return .awardEnded(header, .init(awardID: try fields.awardID("awardId"), endDate: try fields.date("endDate")))
        case .deductionSet: return .deductionSet(header, try deductionSet(fields))
        case .paymentIssued:
            return .paymentIssued(header, .init(
                awardID: try fields.awardID("awardId"),
                dueDate: try fields.date("dueDate"),
                amount: try fields.pence("amountPence")))
        }
    }

    /// `type` must name an event of the topic the record came from: an AwardStarted on
    /// estate.claimants is as unknown there as a misspelt type.
    private func eventType(_ fields: EventFields, topic: EstateTopic) throws(Rejection) -> EstateEventType {
        let text = try fields.string("type")
        guard let type = EstateEventType(rawValue: text) else {
            throw Rejection(.unknownEventType, "field type: \(Rejection.quote(text)) is not an event type of \(topic) (\(Self.typeList(topic)))")
        }
        guard type.topic == topic else {
            throw Rejection(.unknownEventType, "field type: \(type) belongs on \(type.topic), not \(topic) (\(Self.typeList(topic)))")
        }
        return type
    }

    private static func typeList(_ topic: EstateTopic) -> String {
        topic.eventTypes.map(\.rawValue).joined(separator: ", ")
    }

    private func claimantUpserted(_ fields: EventFields) throws(Rejection) -> EstateEvent.ClaimantUpserted {
        let name = try fields.text("name")
        let dateOfBirth = try fields.date("dateOfBirth")
        let bank = try fields.object("bank")
        return .init(name: name, dateOfBirth: dateOfBirth, bank: .init(
            sortCode: try bank.sortCode("sortCode"),
            accountNumber: try bank.accountNumber("accountNumber"),
            accountName: try bank.text("accountName", maximumLength: EstateEvent.ClaimantUpserted.maximumAccountNameLength),
            rollNumber: try bank.optionalText("rollNumber", maximumLength: EstateEvent.ClaimantUpserted.maximumRollNumberLength)))
    }

    private func awardStarted(_ fields: EventFields) throws(Rejection) -> EstateEvent.AwardStarted {
        .init(awardID: try fields.awardID("awardId"),
              benefit: try fields.code("benefit", as: Benefit.self),
              frequency: try fields.code("frequency", as: Frequency.self),
              firstDueDate: try fields.date("firstDueDate"),
              amount: try fields.pence("amountPence"),
              endDate: try fields.optionalDate("endDate"))
    }

    private func deductionSet(_ fields: EventFields) throws(Rejection) -> EstateEvent.DeductionSet {
        .init(awardID: try fields.awardID("awardId"),
              deductionID: try fields.identifier("deductionId", maximumLength: DeductionID.maximumLength) { text throws(ValidationError) in
                  try DeductionID(text)
              },
              amount: try fields.pence("amountPence"),
              from: try fields.date("from"),
              to: try fields.optionalDate("to"))
    }
}
