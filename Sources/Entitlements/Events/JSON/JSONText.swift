/// Turning scanned strings and numbers into Swift values. Only called on tokens the scanner
/// accepted, so the bytes are well-formed UTF-8 and every escape is valid.
enum JSONText {
    /// The text of a string token, escapes resolved.
    static func string(_ token: JSONToken, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        string(start: token.start, end: token.end, escaped: token.escaped, in: bytes)
    }

    static func string(start: Int, end: Int, escaped: Bool, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard escaped else { return String(decoding: raw, as: UTF8.self) }
        var text = String()
        text.reserveCapacity(raw.count)
        var index = 0
        var run = 0
        while index < raw.count {
            guard raw[index] == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            text += String(decoding: UnsafeBufferPointer(rebasing: raw[run..<index]), as: UTF8.self)
            let code = raw[index + 1]
            index += 2
            switch code {
            case UInt8(ascii: "b"): text += "\u{8}"
            case UInt8(ascii: "f"): text += "\u{C}"
            case UInt8(ascii: "n"): text += "\n"
            case UInt8(ascii: "r"): text += "\r"
            case UInt8(ascii: "t"): text += "\t"
            case UInt8(ascii: "u"):
                var scalar = UInt32(hex4(raw, at: index))
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = UInt32(hex4(raw, at: index + 2))
                    index += 6
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                }
                // The scanner refused lone surrogates, so every scalar here is valid.
                text.unicodeScalars.append(Unicode.Scalar(scalar)!)
            default:
                text.unicodeScalars.append(Unicode.Scalar(code))
            }
            run = index
        }
        text += String(decoding: UnsafeBufferPointer(rebasing: raw[run..<raw.count]), as: UTF8.self)
        return text
    }

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16 {
        var value: UInt16 = 0
        for offset in 0..<4 { value = value << 4 | UInt16(JSONScanner.hexValue(raw[index + offset])!) }
        return value
    }

    /// What a number token is as a whole number. JSON Schema's `integer` is any number whose
    /// fractional part is zero, so `100`, `100.0` and `1e2` are the integer 100 and `965.2` is
    /// not an integer; the test is exact, on the decimal digits, never through a Double.
    enum Integer: Equatable {
        case value(Int64)
        case fraction
        /// A whole number beyond Int64, with its sign.
        case outOfRange(negative: Bool)
    }

    static func integer(_ token: JSONToken, in bytes: UnsafeBufferPointer<UInt8>) -> Integer {
        precondition(token.kind == .number, "integer(_:) needs a number")
        var index = token.start
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        // Fast path: plain digits, at most 18 of them (nearly every amount of pence).
        if token.end - index <= 18 {
            var magnitude: Int64 = 0
            var plain = true
            for position in index..<token.end {
                let digit = bytes[position] &- UInt8(ascii: "0")
                guard digit < 10 else {
                    plain = false
                    break
                }
                magnitude = magnitude * 10 + Int64(digit)
            }
            if plain { return .value(negative ? -magnitude : magnitude) }
        }
        // Significant digits (integer part then fraction), and the power of ten they are scaled by.
        var digits: [UInt8] = []
        var scale = 0
        while index < token.end, bytes[index] &- UInt8(ascii: "0") < 10 {
            digits.append(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        if index < token.end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < token.end, bytes[index] &- UInt8(ascii: "0") < 10 {
                digits.append(bytes[index] - UInt8(ascii: "0"))
                scale -= 1
                index += 1
            }
        }
        if index < token.end {  // exponent; saturates far beyond any digit count a record can hold
            index += 1
            var exponentNegative = false
            if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            while index < token.end {
                exponent = min(exponent * 10 + Int(bytes[index] - UInt8(ascii: "0")), 1 << 40)
                index += 1
            }
            scale += exponentNegative ? -exponent : exponent
        }
        while let last = digits.last, last == 0, digits.count > 1 {
            digits.removeLast()
            scale += 1
        }
        let firstNonZero = digits.firstIndex { $0 != 0 } ?? digits.count
        guard firstNonZero < digits.count else { return .value(0) }
        guard scale >= 0 else { return .fraction }
        guard digits.count - firstNonZero + scale <= 19 else { return .outOfRange(negative: negative) }
        var magnitude: UInt64 = 0
        for digit in digits[firstNonZero...] { magnitude = magnitude * 10 + UInt64(digit) }
        for _ in 0..<scale { magnitude *= 10 }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? .value(Int64(truncatingIfNeeded: 0 &- magnitude)) : .outOfRange(negative: true)
        }
        return magnitude <= UInt64(Int64.max) ? .value(Int64(magnitude)) : .outOfRange(negative: false)
    }
}
