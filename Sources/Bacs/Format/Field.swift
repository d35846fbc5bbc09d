/// One field of a Standard 18 record (DOMAIN.md 5): where it sits (1-based, inclusive, as the
/// specification writes positions) and what it may hold. The writer and the verifier read the
/// same field tables, so a position is written down once.
public struct Field: Sendable, Hashable, CustomStringConvertible {
    public enum Content: Sendable, Hashable {
        /// Exactly this text (e.g. `VOL1`, `99`, `1 DAILY  `).
        case literal(String)
        /// Only spaces.
        case spaces
        /// Digits, right-justified and zero-filled.
        case digits
        /// A date as a space, two-digit year and three-digit day of the year (` 26090`).
        case date
        /// Left-justified text of the Bacs character set (A–Z 0–9 space . & / -), space-filled.
        case text
        /// The submission serial: 6 upper-case letters or digits, not all zeros.
        case serial
    }

    public let name: String
    public let start: Int
    public let end: Int
    public let content: Content

    init(_ name: String, _ start: Int, _ end: Int, _ content: Content) {
        precondition(start >= 1 && end >= start, "field \(name) has positions \(start)–\(end)")
        if case .literal(let text) = content {
            precondition(text.utf8.count == end - start + 1, "literal of \(name) does not fill \(start)–\(end)")
        }
        self.name = name
        self.start = start
        self.end = end
        self.content = content
    }

    public var width: Int { end - start + 1 }
    /// Zero-based byte offsets within the record.
    public var offsets: Range<Int> { (start - 1)..<end }

    public var description: String { start == end ? "\(name) (\(start))" : "\(name) (\(start)–\(end))" }
}
