/// Builds one JSON object as text, fields in the order written. Enough for estate events:
/// strings, integers, dates, nested objects, null.
struct JSONText {
    private(set) var text = "{"
    private var first = true

    mutating func field(_ name: String, _ value: String) {
        key(name)
        appendString(value)
    }

    mutating func field(_ name: String, _ value: Int64) {
        key(name)
        text += String(value)
    }

    mutating func field(_ name: String, _ value: Int) { field(name, Int64(value)) }

    mutating func field(_ name: String, optional value: String?) {
        key(name)
        if let value { appendString(value) } else { text += "null" }
    }

    mutating func field(_ name: String, object: JSONText) {
        key(name)
        text += object.closed
    }

    var closed: String { text + "}" }

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        appendString(name)
        text += ":"
    }

    private mutating func appendString(_ s: String) {
        text += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
