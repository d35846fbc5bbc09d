import Crypto
import Foundation

/// A control record's value (DESIGN.md 2.2): the command's exact JSON bytes, base64, and the
/// approvals, each an Ed25519 signature of those bytes. Signing the bytes, not a re-encoding,
/// means no JSON canonicalisation is ever needed.
public struct ControlEnvelope: Sendable, Equatable {
    public struct Approval: Sendable, Equatable, Codable {
        public let keyId: String
        public let signature: Data

        public init(keyId: String, signature: Data) {
            self.keyId = keyId
            self.signature = signature
        }

        enum CodingKeys: String, CodingKey { case keyId, signature }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            keyId = try c.decode(String.self, forKey: .keyId)
            let text = try c.decode(String.self, forKey: .signature)
            guard let bytes = Data(base64Encoded: text) else {
                throw DecodingError.dataCorruptedError(forKey: .signature, in: c, debugDescription: "signature is not base64")
            }
            signature = bytes
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(keyId, forKey: .keyId)
            try c.encode(signature.base64EncodedString(), forKey: .signature)
        }
    }

    /// The exact bytes that were signed.
    public let command: Data
    public let approvals: [Approval]

    public init(command: Data, approvals: [Approval]) {
        self.command = command
        self.approvals = approvals
    }

    /// Parses an envelope. Only its shape is checked here; `CommandPolicy` decides on it.
    public static func decode(_ bytes: Data) throws(ControlError) -> ControlEnvelope {
        struct Wire: Decodable { let command: String; let approvals: [Approval] }
        let wire: Wire
        do { wire = try JSONDecoder().decode(Wire.self, from: bytes) } catch {
            throw ControlError(.invalidEnvelope, "not a control envelope: \(Self.describe(error))")
        }
        guard let command = Data(base64Encoded: wire.command), !command.isEmpty else {
            throw ControlError(.invalidEnvelope, "field command is not base64 of the command's JSON bytes")
        }
        return ControlEnvelope(command: command, approvals: wire.approvals)
    }

    /// The envelope as JSON, fields in a fixed order, ready to send or to write to a file.
    public func encoded() -> Data {
        var text = "{\"command\": \"\(command.base64EncodedString())\", \"approvals\": ["
        text += approvals.map { "{\"keyId\": \(Self.jsonString($0.keyId)), \"signature\": \"\($0.signature.base64EncodedString())\"}" }
            .joined(separator: ", ")
        text += "]}\n"
        return Data(text.utf8)
    }

    /// Adds an approval made with `key`. Refuses a key id that has already approved.
    public func approved(by keyId: String, with key: Curve25519.Signing.PrivateKey) throws(ControlError) -> ControlEnvelope {
        guard !approvals.contains(where: { $0.keyId == keyId }) else {
            throw ControlError(.invalidEnvelope, "key '\(keyId)' has already approved this command")
        }
        let signature: Data
        do { signature = try key.signature(for: command) } catch {
            throw ControlError(.invalidKey, "signing with '\(keyId)' failed: \(error)")
        }
        return ControlEnvelope(command: command, approvals: approvals + [Approval(keyId: keyId, signature: signature)])
    }

    static func jsonString(_ s: String) -> String {
        let data = try! JSONEncoder().encode(s)  // encoding a String cannot fail
        return String(decoding: data, as: UTF8.self)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let ctx): return "wrong type at \(path(ctx))"
        case DecodingError.valueNotFound(_, let ctx): return "null at \(path(ctx))"
        case DecodingError.dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? "not JSON" : "\(ctx.debugDescription) at \(path(ctx))"
        default: return "\(error)"
        }
    }

    private static func path(_ ctx: DecodingError.Context) -> String {
        ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
