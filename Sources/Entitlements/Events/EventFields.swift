/// Reads the fields of one JSON object of an estate record, turning each problem into a
/// `Rejection` that names the field by its path (`bank.sortCode`). The members were found by
/// `JSONScanner`; a field is looked up by comparing bytes, and when a name appears twice the
/// last one counts (as in most JSON parsers, Python's included). Unknown members are ignored.
///
/// Field rules shared by every event: a required field that is absent is MISSING_FIELD; one
/// that is `null` or of another JSON type is WRONG_TYPE; an optional field may be absent or
/// `null`. The domain checks (NINO, sort code, dates…) are in `EventFields+Domain.swift`.
struct EventFields {
    let bytes: UnsafeBufferPointer<UInt8>
    let members: [JSONMember]
    /// `""` for the record's object, `"bank."` inside `bank`.
    let path: String

    func name(_ field: StaticString) -> String { path + field.description }

    // MARK: Presence and JSON types

    /// The value of a member, or nil when it is absent.
    func member(_ field: StaticString) -> JSONToken? {
        let name = UnsafeBufferPointer(start: field.utf8Start, count: field.utf8CodeUnitCount)
        for member in members.reversed() where matches(member, name) {
            return member.value
        }
        return nil
    }

    private func matches(_ member: JSONMember, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        if member.keyEscaped {
            let key = JSONText.string(start: member.keyStart, end: member.keyEnd, escaped: true, in: bytes)
            return key.utf8.elementsEqual(name)
        }
        guard member.keyEnd - member.keyStart == name.count else { return false }
        for offset in 0..<name.count where bytes[member.keyStart + offset] != name[offset] {
            return false
        }
        return true
    }

    func required(_ field: StaticString, _ kind: JSONToken.Kind, expected: String) throws(Rejection) -> JSONToken {
        guard let token = member(field) else {
            throw Rejection(.missingField, "field \(name(field)) is missing")
        }
        guard token.kind == kind else {
            throw Rejection(.wrongType, "field \(name(field)): expected \(expected), got \(token.kind.phrase)")
        }
        return token
    }

    /// Nil when the field is absent or null.
    func optional(_ field: StaticString, _ kind: JSONToken.Kind, expected: String) throws(Rejection) -> JSONToken? {
        guard let token = member(field), token.kind != .null else { return nil }
        guard token.kind == kind else {
            throw Rejection(.wrongType, "field \(name(field)): expected \(expected) or null, got \(token.kind.phrase)")
        }
        return token
    }

    // MARK: Text

    func string(_ field: StaticString) throws(Rejection) -> String {
        JSONText.string(try required(field, .string, expected: "a string"), in: bytes)
    }

    func optionalString(_ field: StaticString) throws(Rejection) -> String? {
        guard let token = try optional(field, .string, expected: "a string") else { return nil }
        return JSONText.string(token, in: bytes)
    }

    /// A required text: not empty (INVALID_VALUE), at most `maximumLength` Unicode scalars
    /// when given (FIELD_TOO_LONG).
    func text(_ field: StaticString, maximumLength: Int? = nil) throws(Rejection) -> String {
        try checkedText(field, try string(field), maximumLength: maximumLength)
    }

    func optionalText(_ field: StaticString, maximumLength: Int? = nil) throws(Rejection) -> String? {
        guard let text = try optionalString(field) else { return nil }
        return try checkedText(field, text, maximumLength: maximumLength)
    }

    private func checkedText(_ field: StaticString, _ text: String, maximumLength: Int?) throws(Rejection) -> String {
        guard !text.isEmpty else { throw Rejection(.invalidValue, "field \(name(field)) is empty") }
        if let maximumLength {
            let length = text.unicodeScalars.count
            guard length <= maximumLength else {
                throw Rejection(.fieldTooLong, "field \(name(field)): \(Rejection.quote(text)) has \(length) characters, at most \(maximumLength)")
            }
        }
        return text
    }

    // MARK: Objects

    func object(_ field: StaticString) throws(Rejection) -> EventFields {
        let token = try required(field, .object, expected: "an object")
        do {
            let members = try JSONScanner.members(of: token, in: bytes)
            return EventFields(bytes: bytes, members: members, path: name(field) + ".")
        } catch {
            // The scanner accepted the whole record before, so this cannot happen; refuse rather than trust it.
            throw Rejection(.notJSON, error.description)
        }
    }
}
