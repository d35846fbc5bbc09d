/// Where one JSON value lies in a record's bytes, and what kind it is. The scanner records
/// positions only; a value is turned into a Swift value when a field asks for it.
struct JSONToken {
    enum Kind: Sendable {
        case object, array, string, number, `true`, `false`, null

        /// How a detail names the kind: "a string", "null".
        var phrase: String {
            switch self {
            case .object: "an object"
            case .array: "an array"
            case .string: "a string"
            case .number: "a number"
            case .true, .false: "a boolean"
            case .null: "null"
            }
        }
    }

    let kind: Kind
    /// Byte offsets of the value. For a string, the bytes between the quotes.
    let start: Int
    let end: Int
    /// For a string: it contains a backslash escape, so its bytes are not its text.
    let escaped: Bool
}

/// One member of a JSON object: its key's bytes (between the quotes) and its value.
struct JSONMember {
    let keyStart: Int
    let keyEnd: Int
    let keyEscaped: Bool
    let value: JSONToken
}

/// Why bytes are not JSON, and where.
struct JSONSyntaxError: Error {
    let offset: Int
    let problem: String

    var description: String { "not JSON: \(problem) at byte \(offset)" }
}
