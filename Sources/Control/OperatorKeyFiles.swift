import Crypto
import Foundation

/// An operator's Ed25519 key pair on disk: `ID.key` holds the base64 raw private key (mode 0600,
/// created exclusively so an existing key is never overwritten) and `ID.pub` the base64 raw
/// public key, which goes into the keyring.
public enum OperatorKeyFiles {
    public struct Generated: Sendable {
        public let keyId: String
        public let privateKeyPath: String
        public let publicKeyPath: String
        public let publicKeyBase64: String

        /// The entry to paste into the keyring's `keys` array.
        public var keyringEntry: String {
            "{\"keyId\": \(ControlEnvelope.jsonString(keyId)), \"publicKey\": \"\(publicKeyBase64)\"}"
        }
    }

    public static func generate(keyId: String, in directory: URL) throws(ControlError) -> Generated {
        guard ControlCommand.isValidIdentifier(keyId) else {
            throw ControlError(.invalidKey, "key id '\(keyId)' must be 1 to 64 of A-Z a-z 0-9 . _ -")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ControlError(.io, "cannot create \(directory.path): \(error.localizedDescription)")
        }
        let key = Curve25519.Signing.PrivateKey()
        let privatePath = directory.appendingPathComponent("\(keyId).key").path
        let publicPath = directory.appendingPathComponent("\(keyId).pub").path
        let publicBase64 = key.publicKey.rawRepresentation.base64EncodedString()
        try write(key.rawRepresentation.base64EncodedString() + "\n", to: privatePath, mode: 0o600)
        try write(publicBase64 + "\n", to: publicPath, mode: 0o644)
        return Generated(keyId: keyId, privateKeyPath: privatePath, publicKeyPath: publicPath, publicKeyBase64: publicBase64)
    }

    public static func loadPrivateKey(at path: String) throws(ControlError) -> Curve25519.Signing.PrivateKey {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ControlError(.io, "cannot read key \(path): \(error.localizedDescription)")
        }
        guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw ControlError(.invalidKey, "\(path) is not a base64 raw 32-byte Ed25519 private key")
        }
        return key
    }

    /// Creates the file exclusively with `mode` from the start, so a private key is never
    /// readable by others, not even for a moment.
    private static func write(_ text: String, to path: String, mode: mode_t) throws(ControlError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else {
            throw ControlError(.io, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw ControlError(.io, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
