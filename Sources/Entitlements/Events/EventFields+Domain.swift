/// The checks of DOMAIN.md section 1 and DESIGN.md 2.1 on single fields, each failure with its
/// reason from the vocabulary of DESIGN.md section 6 (`topics/README.md` lists them).
extension EventFields {
    /// The largest amount a Standard 18 amount field holds (DOMAIN.md section 5); anything
    /// larger is INVALID_VALUE, as the schemas' `maximum` says.
    static let maximumPence: Int64 = 99_999_999_999

    /// The wire form is exactly the pattern of DOMAIN.md section 1: ASCII capitals and digits.
    /// (`NINO`'s initialiser normalises `ab 12 34 56 c`, and upper-casing turns `ß` into `SS`;
    /// the topic contract accepts neither.)
    func nino(_ field: StaticString) throws(Rejection) -> NINO {
        let text = try string(field)
        guard text.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || $0 &- UInt8(ascii: "0") < 10 }) else {
            throw Rejection(.invalidNINO, "field \(name(field)): \(Rejection.quote(text)) is not a NINO: only capital letters and digits, no spaces")
        }
        do {
            return try NINO(text)
        } catch {
            throw Rejection(.invalidNINO, "field \(name(field)): \(Rejection.quote(text)) is not a NINO: \(error.reason)")
        }
    }

    func sortCode(_ field: StaticString) throws(Rejection) -> SortCode {
        let text = try string(field)
        do {
            return try SortCode(text)
        } catch {
            throw Rejection(.invalidSortCode, "field \(name(field)): \(Rejection.quote(text)) is not 6 digits")
        }
    }

    func accountNumber(_ field: StaticString) throws(Rejection) -> AccountNumber {
        let text = try string(field)
        do {
            return try AccountNumber(text)
        } catch {
            throw Rejection(.invalidAccountNumber, "field \(name(field)): \(Rejection.quote(text)) is not 8 digits")
        }
    }

    func date(_ field: StaticString) throws(Rejection) -> CalendarDate {
        try calendarDate(field, try required(field, .string, expected: "a date string"))
    }

    func optionalDate(_ field: StaticString) throws(Rejection) -> CalendarDate? {
        guard let token = try optional(field, .string, expected: "a date string") else { return nil }
        return try calendarDate(field, token)
    }

    /// Dates are read straight from the record's bytes when they hold no escape (always, in
    /// practice), so a valid date costs no String.
    private func calendarDate(_ field: StaticString, _ token: JSONToken) throws(Rejection) -> CalendarDate {
        func parse(_ utf8: UnsafeBufferPointer<UInt8>) throws(ValidationError) -> CalendarDate {
            guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else {
                throw ValidationError(.date, input: "", reason: "must be YYYY-MM-DD")
            }
            func number(_ range: Range<Int>) throws(ValidationError) -> Int {
                var value = 0
                for index in range {
                    let digit = utf8[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { throw ValidationError(.date, input: "", reason: "must be YYYY-MM-DD with digits only") }
                    value = value * 10 + Int(digit)
                }
                return value
            }
            return try CalendarDate(year: try number(0..<4), month: try number(5..<7), day: try number(8..<10))
        }
        do {
            if !token.escaped {
                return try parse(UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]))
            }
            var text = JSONText.string(token, in: bytes)
            let parsed = text.withUTF8 { utf8 in Result { () throws(ValidationError) in try parse(utf8) } }
            return try parsed.get()
        } catch {
            let text = JSONText.string(token, in: bytes)
            throw Rejection(.invalidDate, "field \(name(field)): \(Rejection.quote(text)) is not a date: \(error.reason)")
        }
    }

    func timestamp(_ field: StaticString) throws(Rejection) -> UTCInstant {
        let token = try required(field, .string, expected: "an RFC 3339 UTC timestamp string")
        do {
            if !token.escaped {
                return try UTCInstant(utf8: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]))
            }
            return try UTCInstant(JSONText.string(token, in: bytes))
        } catch {
            let text = JSONText.string(token, in: bytes)
            throw Rejection(.invalidTimestamp, "field \(name(field)): \(Rejection.quote(text)) is not an RFC 3339 UTC timestamp: \(error.reason)")
        }
    }

    /// Integer pence: a whole number (WRONG_TYPE otherwise, `12.5` included), not negative
    /// (NEGATIVE_AMOUNT), at most `maximumPence` (INVALID_VALUE).
    func pence(_ field: StaticString) throws(Rejection) -> Pence {
        let token = try required(field, .number, expected: "an integer number of pence")
        func number() -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
        }
        switch JSONText.integer(token, in: bytes) {
        case .fraction:
            throw Rejection(.wrongType, "field \(name(field)): expected an integer number of pence, got \(number())")
        case .outOfRange(negative: true):
            throw Rejection(.negativeAmount, "field \(name(field)): \(number()) is negative")
        case .outOfRange(negative: false):
            throw tooLarge(field, number())
        case .value(let value):
            guard value >= 0 else { throw Rejection(.negativeAmount, "field \(name(field)): \(number()) is negative") }
            guard value <= EventFields.maximumPence else { throw tooLarge(field, number()) }
            return Pence(value)
        }
    }

    private func tooLarge(_ field: StaticString, _ number: String) -> Rejection {
        Rejection(.invalidValue, "field \(name(field)): \(number) is more than \(EventFields.maximumPence), the largest amount a payment file holds")
    }

    /// An identifier of at most `maximumLength` characters: the length is checked here so that
    /// an empty id is INVALID_VALUE and a long one FIELD_TOO_LONG; what else the type refuses
    /// (control characters in an AwardID) is INVALID_VALUE.
    func identifier<ID>(_ field: StaticString, maximumLength: Int, _ make: (String) throws(ValidationError) -> ID) throws(Rejection) -> ID {
        let text = try text(field, maximumLength: maximumLength)
        do {
            return try make(text)
        } catch {
            throw Rejection(.invalidValue, "field \(name(field)): \(Rejection.quote(text)) \(error.reason)")
        }
    }

    func awardID(_ field: StaticString) throws(Rejection) -> AwardID {
        try identifier(field, maximumLength: AwardID.maximumLength) { text throws(ValidationError) in try AwardID(text) }
    }

    /// One of an enumeration's raw values, exactly (INVALID_VALUE otherwise).
    func code<Code: RawRepresentable & CaseIterable>(_ field: StaticString, as type: Code.Type) throws(Rejection) -> Code
    where Code.RawValue == String {
        let text = try string(field)
        guard let code = Code(rawValue: text) else {
            let allowed = Code.allCases.map(\.rawValue).joined(separator: " ")
            throw Rejection(.invalidValue, "field \(name(field)): \(Rejection.quote(text)) is not one of \(allowed)")
        }
        return code
    }
}
