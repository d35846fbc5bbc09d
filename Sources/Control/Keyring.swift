import Crypto
import Foundation

/// The operators' public keys and how many distinct approvals a command needs (DESIGN.md 2.2).
///
/// File format: `{"quorum": 2, "keys": [{"keyId": "ops-a", "publicKey": "<base64 of the raw
/// 32-byte Ed25519 public key>"}]}`. `quorum` defaults to 2 and may not exceed the number of keys.
public struct Keyring: Sendable {
    public let quorum: Int
    /// Raw 32-byte public keys: Crypto's key type is not `Sendable`, so keys are rebuilt when used.
    private let keys: [String: Data]

    public var keyIds: [String] { keys.keys.sorted() }

    public init(quorum: Int, keys: [String: Curve25519.Signing.PublicKey]) throws(ControlError) {
        guard quorum >= 1 else {
            throw ControlError(.invalidKeyring, "quorum must be at least 1, got \(quorum)")
        }
        guard quorum <= keys.count else {
            throw ControlError(.invalidKeyring, "quorum \(quorum) exceeds the \(keys.count) keys of the keyring")
        }
        self.quorum = quorum
        self.keys = keys.mapValues { $0.rawRepresentation }
    }

    public func publicKey(_ keyId: String) -> Curve25519.Signing.PublicKey? {
        keys[keyId].flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
    }

    /// Reads a keyring file. Every problem names the entry and field.
    public static func load(contentsOf url: URL) throws(ControlError) -> Keyring {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ControlError(.invalidKeyring, "cannot read keyring \(url.path): \(error.localizedDescription)")
        }
        return try parse(data, source: url.path)
    }

    public static func parse(_ data: Data, source: String = "keyring") throws(ControlError) -> Keyring {
        struct File: Decodable {
            struct Entry: Decodable { let keyId: String; let publicKey: String }
            let quorum: Int?
            let keys: [Entry]
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw ControlError(.invalidKeyring, "\(source) is not a keyring: \(error)")
        }
        var keys: [String: Curve25519.Signing.PublicKey] = [:]
        for (index, entry) in file.keys.enumerated() {
            guard !entry.keyId.isEmpty else {
                throw ControlError(.invalidKeyring, "\(source): keys[\(index)].keyId is empty")
            }
            guard keys[entry.keyId] == nil else {
                throw ControlError(.invalidKeyring, "\(source): keyId '\(entry.keyId)' appears twice")
            }
            guard let raw = Data(base64Encoded: entry.publicKey),
                  let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
                throw ControlError(.invalidKeyring,
                    "\(source): keys[\(index)].publicKey of '\(entry.keyId)' is not a base64 raw 32-byte Ed25519 key")
            }
            keys[entry.keyId] = key
        }
        return try Keyring(quorum: file.quorum ?? 2, keys: keys)
    }
}
