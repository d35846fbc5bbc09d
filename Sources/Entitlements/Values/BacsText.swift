import Foundation

/// The character folding of names and references in Bacs files (DOMAIN.md section 1).
///
/// Files hold only A–Z, 0–9, space and `. & / -`. Folding upper-cases, turns accented letters
/// into their base letter (canonical decomposition, marks dropped), turns ß Æ Ø Œ into SS AE O
/// OE, replaces anything else with a space, collapses runs of spaces, trims both ends and
/// truncates to the field width (trimming again, so a cut never leaves a trailing space).
public enum BacsText {
    /// Whether a byte is one of the characters a Standard 18 name or reference may hold.
    public static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "&"), UInt8(ascii: "/"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// The folded text, at most `width` characters, all of them allowed.
    public static func fold(_ text: String, width: Int) -> String {
        precondition(width >= 0, "fold width must not be negative")
        var out: [UInt8] = []
        out.reserveCapacity(min(text.utf8.count, width + 1))
        var pendingSpace = false

        func emit(_ byte: UInt8) {
            if byte == UInt8(ascii: " ") {
                pendingSpace = !out.isEmpty
                return
            }
            if pendingSpace { out.append(UInt8(ascii: " ")); pendingSpace = false }
            out.append(byte)
        }

        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII needs neither case tables nor decomposition.
            for byte in text.utf8 {
                if out.count > width { break }
                let upper = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
                emit(isAllowed(upper) ? upper : UInt8(ascii: " "))
            }
        } else {
            for scalar in text.uppercased().decomposedStringWithCanonicalMapping.unicodeScalars {
                if out.count > width { break }
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark:
                    continue
                default:
                    break
                }
                if let replacement = specialLetters[scalar] {
                    replacement.utf8.forEach(emit)
                } else if scalar.isASCII, isAllowed(UInt8(scalar.value)) {
                    emit(UInt8(scalar.value))
                } else {
                    emit(UInt8(ascii: " "))
                }
            }
        }
        var result = out.prefix(width)
        while result.last == UInt8(ascii: " ") { result.removeLast() }
        return String(decoding: result, as: UTF8.self)
    }

    /// Letters that do not decompose to a base letter but have a conventional spelling.
    /// Keys are upper case because folding upper-cases first (`ß` becomes `SS` there;
    /// capital sharp s `ẞ` does not, so it is listed).
    static let specialLetters: [Unicode.Scalar: String] = [
        "\u{1E9E}": "SS", "Æ": "AE", "Ø": "O", "Œ": "OE",
    ]

    /// Whether a text is already folded for a field of `width`, i.e. `fold(text) == text`:
    /// at most `width` allowed characters, with no leading, trailing or double spaces.
    /// Checked on the bytes, without building the folded copy.
    public static func isFolded(_ text: String, width: Int) -> Bool {
        var count = 0
        var previous = UInt8(ascii: " ")
        for byte in text.utf8 {
            guard isAllowed(byte), !(byte == UInt8(ascii: " ") && previous == UInt8(ascii: " ")) else { return false }
            previous = byte
            count += 1
        }
        return count <= width && previous != UInt8(ascii: " ") || count == 0
    }
}
