extension Rejection {
    /// Why an estate record was refused (DESIGN.md section 6). The raw value is the `dlq.reason`
    /// header of the record on backstop.dlq, the label of the rejection counter, and the
    /// `expectedReason` of the invalid examples in `topics/examples/invalid/`.
    public enum Reason: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
        /// The value is not one UTF-8 JSON text (including an empty value).
        case notJSON = "NOT_JSON"
        /// The value is JSON but not an object.
        case notAnObject = "NOT_AN_OBJECT"
        /// A required field is absent.
        case missingField = "MISSING_FIELD"
        /// A field has the wrong JSON type, `null` for a required field, or a fraction where pence are expected.
        case wrongType = "WRONG_TYPE"
        /// `type` is not an event type of the topic the record came from.
        case unknownEventType = "UNKNOWN_EVENT_TYPE"
        case invalidNINO = "INVALID_NINO"
        case invalidSortCode = "INVALID_SORT_CODE"
        case invalidAccountNumber = "INVALID_ACCOUNT_NUMBER"
        /// A date is not a real `YYYY-MM-DD` calendar date.
        case invalidDate = "INVALID_DATE"
        /// `occurredAt` is not an RFC 3339 instant in UTC.
        case invalidTimestamp = "INVALID_TIMESTAMP"
        case negativeAmount = "NEGATIVE_AMOUNT"
        /// A text is longer than its limit.
        case fieldTooLong = "FIELD_TOO_LONG"
        /// A value outside an enum, an empty text, an amount above the largest payable, a control character in an id.
        case invalidValue = "INVALID_VALUE"
        /// The record's key is not the event's NINO, so it may sit in another claimant's
        /// partition (DESIGN.md 2: keyed by NINO). The mirror stage checks this, not the decoder,
        /// which sees the value only: no invalid example carries it.
        case keyMismatch = "KEY_MISMATCH"

        /// The reasons the decoder gives from a value alone (all but `keyMismatch`).
        public static var decoderReasons: [Reason] { allCases.filter { $0 != .keyMismatch } }

        public var description: String { rawValue }
    }
}
