import Crypto
import Entitlements

/// The submission serial of VOL1 and HDR1 (DOMAIN.md 5): 6 upper-case letters or digits, not
/// all zeros. Backstop derives it from the batchId, so the same batch always gets the same
/// serial, and a resumed run rewrites identical files.
public struct SubmissionSerial: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let value: String

    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    public init(_ text: String) throws(ValidationError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes.allSatisfy(SubmissionSerial.alphabet.contains) else {
            throw ValidationError(.setting, input: text, reason: "a submission serial is 6 upper-case letters or digits")
        }
        guard bytes.contains(where: { $0 != UInt8(ascii: "0") }) else {
            throw ValidationError(.setting, input: text, reason: "a submission serial must not be all zeros")
        }
        value = text
    }

    /// Six base-36 digits of SHA-256 of the batchId (36⁶ ≈ 2.2 billion values). The one
    /// all-zero outcome is replaced by `000001`, so the result is always a valid serial.
    public init(batchID: String) {
        let digest = SHA256.hash(data: Array(batchID.utf8))
        var number = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var characters: [UInt8] = []
        for _ in 0..<6 {
            characters.append(SubmissionSerial.alphabet[Int(number % 36)])
            number /= 36
        }
        let text = String(decoding: characters, as: UTF8.self)
        value = text == "000000" ? "000001" : text
    }

    public var description: String { value }
    public static func < (a: SubmissionSerial, b: SubmissionSerial) -> Bool { a.value < b.value }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
