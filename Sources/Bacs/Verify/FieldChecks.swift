import Entitlements

/// Checks one record against its layout, field by field (DOMAIN.md 5).
enum FieldChecks {
    /// Problems with `line` as a record of `layout`: width, characters, then each field.
    static func check(_ line: Lines.Line, as layout: RecordLayout, into problems: inout [Standard18Problem]) {
        let bytes = line.bytes
        guard bytes.count == layout.width else {
            problems.append(Standard18Problem(line: line.number,
                "\(bytes.count) characters; a \(layout.kind) record has exactly \(layout.width)"))
            return
        }
        let base = bytes.startIndex
        for field in layout.fields {
            let value = bytes[(base + field.start - 1)..<(base + field.end)]
            if let badIndex = value.firstIndex(where: { $0 < 0x20 || $0 > 0x7E }) {
                problems.append(Standard18Problem(line: line.number, field,
                    "byte 0x\(String(value[badIndex], radix: 16, uppercase: true)) at position \(badIndex - base + 1) is not a printable 7-bit ASCII character"))
                continue
            }
            if let message = problem(value, field.content) {
                problems.append(Standard18Problem(line: line.number, field, message))
            }
        }
    }

    static func problem(_ value: ArraySlice<UInt8>, _ content: Field.Content) -> String? {
        switch content {
        case .literal(let expected):
            return value.elementsEqual(expected.utf8) ? nil : "must be \"\(expected)\", found \"\(text(value))\""
        case .spaces:
            return value.allSatisfy { $0 == UInt8(ascii: " ") } ? nil : "must be spaces, found \"\(text(value))\""
        case .digits:
            return value.allSatisfy(isDigit) ? nil : "must be digits, found \"\(text(value))\""
        case .date:
            return BacsDate.parse(value) == nil ? "must be a date as space, YY and day of year DDD, found \"\(text(value))\"" : nil
        case .serial:
            guard value.allSatisfy({ SubmissionSerial.alphabet.contains($0) }) else {
                return "must be 6 upper-case letters or digits, found \"\(text(value))\""
            }
            return value.allSatisfy({ $0 == UInt8(ascii: "0") }) ? "must not be all zeros" : nil
        case .text:
            if let bad = value.first(where: { !BacsText.isAllowed($0) }) {
                return "character \"\(String(UnicodeScalar(bad)))\" is outside A–Z 0–9 space . & / -"
            }
            if value.allSatisfy({ $0 == UInt8(ascii: " ") }) { return "must not be blank" }
            if value.first == UInt8(ascii: " ") { return "must be left-justified, found \"\(text(value))\"" }
            return nil
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    static func text(_ value: ArraySlice<UInt8>) -> String { String(decoding: value, as: UTF8.self) }

    /// A digits field's value (call only after the field checked clean).
    static func number(_ value: ArraySlice<UInt8>) -> Int64 {
        value.reduce(Int64(0)) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
    }

    /// A text field's value without its space fill.
    static func trimmedText(_ value: ArraySlice<UInt8>) -> String {
        var end = value.endIndex
        while end > value.startIndex, value[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return text(value[value.startIndex..<end])
    }
}
