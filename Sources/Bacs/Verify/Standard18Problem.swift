/// One thing wrong with a Standard 18 file or its manifest entry, located as precisely as it
/// can be: the line (1-based) and the field with its positions.
public struct Standard18Problem: Hashable, Sendable, CustomStringConvertible {
    public let line: Int?
    public let field: String?
    public let message: String

    public init(line: Int?, field: String? = nil, _ message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    init(line: Int, _ field: Field, _ message: String) {
        self.init(line: line, field: field.description, message)
    }

    public var description: String {
        switch (line, field) {
        case let (line?, field?): "line \(line), \(field): \(message)"
        case let (line?, nil): "line \(line): \(message)"
        case let (nil, field?): "\(field): \(message)"
        case (nil, nil): message
        }
    }
}

/// A file that is not a valid Standard 18 credit submission, with every problem found.
public struct Standard18Error: Error, Hashable, Sendable, CustomStringConvertible {
    public let problems: [Standard18Problem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
