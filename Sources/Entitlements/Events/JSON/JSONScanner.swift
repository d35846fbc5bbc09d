/// A strict RFC 8259 scanner over a record's bytes, written for the mirror's volume
/// (DESIGN.md section 6): one pass, no allocation but the member table of the object asked
/// for, strings left undecoded until a field needs them.
///
/// It checks the whole text, unknown fields included, so a record is either JSON or NOT_JSON:
/// UTF-8 well formed (no overlong forms, surrogates or code points above U+10FFFF), no raw
/// control characters in strings, escapes valid with `\u` surrogates paired, numbers in JSON's
/// grammar (no leading zeros, `+`, `.5`, `NaN`), nothing after the value but whitespace, and
/// nesting at most `maximumDepth` deep (the scanner recurses; the limit bounds its stack).
/// A byte-order mark is not JSON.
struct JSONScanner {
    static let maximumDepth = 128

    let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// Scans the whole input as one JSON text. Returns the root value and, when it is an
    /// object, its members in the order they appear.
    mutating func scanDocument() throws(JSONSyntaxError) -> (root: JSONToken, members: [JSONMember]) {
        skipWhitespace()
        var members: [JSONMember] = []
        let root: JSONToken
        if position < bytes.count, bytes[position] == UInt8(ascii: "{") {
            members.reserveCapacity(16)
            root = try scanObject(depth: 1, members: &members, collect: true)
        } else {
            root = try scanValue(depth: 0)
        }
        skipWhitespace()
        guard position == bytes.count else { throw failure("unexpected text after the JSON value") }
        return (root, members)
    }

    /// The members of an object that was already scanned as part of a document.
    static func members(of object: JSONToken, in bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> [JSONMember] {
        precondition(object.kind == .object, "members(of:) needs an object")
        var scanner = JSONScanner(bytes, at: object.start)
        var members: [JSONMember] = []
        members.reserveCapacity(8)
        _ = try scanner.scanObject(depth: 1, members: &members, collect: true)
        return members
    }

    // MARK: Values

    private mutating func scanValue(depth: Int) throws(JSONSyntaxError) -> JSONToken {
        skipWhitespace()
        guard position < bytes.count else { throw failure("the text ends where a value should be") }
        let start = position
        switch bytes[position] {
        case UInt8(ascii: "{"):
            var unused: [JSONMember] = []
            return try scanObject(depth: depth + 1, members: &unused, collect: false)
        case UInt8(ascii: "["):
            return try scanArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return try scanString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
            return JSONToken(kind: .number, start: start, end: position, escaped: false)
        case UInt8(ascii: "t"):
            try scanLiteral("true")
            return JSONToken(kind: .true, start: start, end: position, escaped: false)
        case UInt8(ascii: "f"):
            try scanLiteral("false")
            return JSONToken(kind: .false, start: start, end: position, escaped: false)
        case UInt8(ascii: "n"):
            try scanLiteral("null")
            return JSONToken(kind: .null, start: start, end: position, escaped: false)
        default:
            throw failure("unexpected character where a value should be")
        }
    }

    /// Scans `{…}` starting at `{`; appends the members when `collect` is set.
    private mutating func scanObject(depth: Int, members: inout [JSONMember], collect: Bool) throws(JSONSyntaxError) -> JSONToken {
        guard depth <= JSONScanner.maximumDepth else { throw failure("nested deeper than \(JSONScanner.maximumDepth)") }
        let start = position
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return JSONToken(kind: .object, start: start, end: position, escaped: false)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw failure("expected a quoted member name")
            }
            let key = try scanString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':' after a member name") }
            position += 1
            let value = try scanValue(depth: depth)
            if collect {
                members.append(JSONMember(keyStart: key.start, keyEnd: key.end, keyEscaped: key.escaped, value: value))
            }
            skipWhitespace()
            guard position < bytes.count else { throw failure("the object is not closed") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                return JSONToken(kind: .object, start: start, end: position, escaped: false)
            default:
                throw failure("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func scanArray(depth: Int) throws(JSONSyntaxError) -> JSONToken {
        guard depth <= JSONScanner.maximumDepth else { throw failure("nested deeper than \(JSONScanner.maximumDepth)") }
        let start = position
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return JSONToken(kind: .array, start: start, end: position, escaped: false)
        }
        while true {
            _ = try scanValue(depth: depth)
            skipWhitespace()
            guard position < bytes.count else { throw failure("the array is not closed") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                return JSONToken(kind: .array, start: start, end: position, escaped: false)
            default:
                throw failure("expected ',' or ']' in an array")
            }
        }
    }

    // MARK: Strings

    /// Scans `"…"` starting at the opening quote.
    private mutating func scanString() throws(JSONSyntaxError) -> JSONToken {
        position += 1
        let start = position
        var escaped = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let token = JSONToken(kind: .string, start: start, end: position, escaped: escaped)
                position += 1
                return token
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
                try scanEscape()
            } else if byte < 0x20 {
                throw failure("a control character must be escaped in a string")
            } else if byte < 0x80 {
                position += 1
            } else {
                try scanUTF8Sequence()
            }
        }
        throw failure("the string is not closed")
    }

    /// Scans one escape starting at the backslash; a `\u` high surrogate must be followed by
    /// a `\u` low surrogate, and a low surrogate must not stand alone.
    private mutating func scanEscape() throws(JSONSyntaxError) {
        position += 1
        guard position < bytes.count else { throw failure("the string ends inside an escape") }
        switch bytes[position] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 1
        case UInt8(ascii: "u"):
            position += 1
            let unit = try scanHex4()
            if (0xDC00...0xDFFF).contains(unit) { throw failure("a low surrogate escape without a high one") }
            if (0xD800...0xDBFF).contains(unit) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw failure("a high surrogate escape without a low one")
                }
                position += 2
                guard (0xDC00...0xDFFF).contains(try scanHex4()) else { throw failure("a high surrogate escape without a low one") }
            }
        default:
            throw failure("an invalid escape")
        }
    }

    private mutating func scanHex4() throws(JSONSyntaxError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let digit = JSONScanner.hexValue(bytes[position]) else { throw failure("a \\u escape needs four hex digits") }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Checks one multi-byte UTF-8 sequence against the Unicode Standard's table of
    /// well-formed sequences (Table 3-7), so the bytes can later be read as a String unchecked.
    private mutating func scanUTF8Sequence() throws(JSONSyntaxError) {
        let lead = bytes[position]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw failure("not UTF-8")
        }
        guard position + length <= bytes.count, secondRange.contains(bytes[position + 1]) else { throw failure("not UTF-8") }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[position + offset]) {
            throw failure("not UTF-8")
        }
        position += length
    }

    // MARK: Numbers and literals

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func scanNumber() throws(JSONSyntaxError) {
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw failure("a number needs digits") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw failure("a fraction needs digits") }
            skipDigits()
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { throw failure("an exponent needs digits") }
            skipDigits()
        }
        if position < bytes.count, isDigit(bytes[position]) { throw failure("a number with a leading zero") }
    }

    private mutating func scanLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw failure("unexpected character where a value should be") }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] {
            throw failure("unexpected character where a value should be")
        }
        position += count
    }

    private mutating func skipDigits() {
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
            default: return
            }
        }
    }

    private func failure(_ problem: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, problem: problem)
    }
}
