import Crypto
import Entitlements
import Foundation
import Testing
@testable import Control

@Suite struct KeyringTests {
    @Test func generatedKeysLoadIntoAKeyringAndSign() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try OperatorKeyFiles.generate(keyId: "ops-a", in: dir)
        let b = try OperatorKeyFiles.generate(keyId: "ops-b", in: dir)

        let attributes = try FileManager.default.attributesOfItem(atPath: a.privateKeyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // A second generate never overwrites a key.
        #expect(throws: ControlError.self) { try OperatorKeyFiles.generate(keyId: "ops-a", in: dir) }

        let file = "{\"quorum\": 2, \"keys\": [\(a.keyringEntry), \(b.keyringEntry)]}"
        let keyring = try Keyring.parse(Data(file.utf8))
        #expect(keyring.quorum == 2)
        #expect(keyring.keyIds == ["ops-a", "ops-b"])

        let key = try OperatorKeyFiles.loadPrivateKey(at: a.privateKeyPath)
        let message = Data("pay".utf8)
        #expect(keyring.publicKey("ops-a")!.isValidSignature(try key.signature(for: message), for: message))
        #expect(!keyring.publicKey("ops-b")!.isValidSignature(try key.signature(for: message), for: message))
    }

    @Test func quorumDefaultsToTwo() throws {
        let k1 = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
        let k2 = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
        let keyring = try Keyring.parse(Data("{\"keys\": [{\"keyId\": \"a\", \"publicKey\": \"\(k1)\"}, {\"keyId\": \"b\", \"publicKey\": \"\(k2)\"}]}".utf8))
        #expect(keyring.quorum == 2)
    }

    @Test(arguments: [
        ("not json", "is not a keyring"),
        ("{\"quorum\": 2, \"keys\": []}", "quorum 2 exceeds the 0 keys"),
        ("{\"quorum\": 0, \"keys\": [{\"keyId\": \"a\", \"publicKey\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}]}", "quorum must be at least 1"),
        ("{\"quorum\": 1, \"keys\": [{\"keyId\": \"a\", \"publicKey\": \"c2hvcnQ=\"}]}", "keys[0].publicKey of 'a'"),
        ("{\"quorum\": 1, \"keys\": [{\"keyId\": \"a\", \"publicKey\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}, {\"keyId\": \"a\", \"publicKey\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}]}", "keyId 'a' appears twice"),
    ])
    func aBadKeyringFailsWithAMessageNamingTheProblem(file: String, expected: String) {
        do {
            _ = try Keyring.parse(Data(file.utf8))
            Issue.record("accepted a bad keyring")
        } catch {
            #expect(error.code == .invalidKeyring)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }
}

@Suite struct AuditRecordTests {
    @Test func aRunOutcomeRoundTripsWithItsFigures() throws {
        let figures = RunFigures(
            due: Tally(count: 3, pence: 3_000), paid: Tally(count: 2, pence: 2_500),
            excluded: [.suspended: Tally(count: 1, pence: 500)])
        let record = AuditRecord(commandId: "cmd-1", type: "ACTIVATE", decision: .completed, reason: "all batches committed",
                                 at: ControlCommand.parseTimestamp("2026-12-01T06:41:17Z")!, approvers: ["ops-a", "ops-b"],
                                 figures: figures)
        let text = String(decoding: record.encoded(), as: UTF8.self)
        #expect(text.contains("\"excluded\": {\"SUSPENDED\": {\"count\": 1, \"pence\": 500}}"))
        #expect(try AuditRecord.decode(record.encoded()) == record)
    }

    @Test func timestampsAreRFC3339() {
        #expect(ControlCommand.parseTimestamp("2026-12-01T06:00:00Z") != nil)
        #expect(ControlCommand.parseTimestamp("2026-12-01T07:00:00+01:00") == ControlCommand.parseTimestamp("2026-12-01T06:00:00Z"))
        #expect(ControlCommand.parseTimestamp("2026-12-01T06:00:00.250Z") != nil)
        #expect(ControlCommand.parseTimestamp("2026-12-01T07:00:00+0100") == nil)
        #expect(ControlCommand.parseTimestamp("2026-12-01 06:00:00Z") == nil)
    }

    @Test func aNegativeFigureInAnAuditValueIsRefusedNotACrash() {
        let value = "{\"commandId\": \"c\", \"type\": \"ACTIVATE\", \"decision\": \"COMPLETED\", \"reason\": \"r\", \"at\": \"2026-12-01T06:41:17Z\", \"approvers\": [], \"due\": {\"count\": -1, \"pence\": 0}, \"paid\": {\"count\": 0, \"pence\": 0}}"
        #expect(throws: ControlError.self) { try AuditRecord.decode(Data(value.utf8)) }
        let bare = "{\"commandId\": \"c\", \"type\": \"ACTIVATE\", \"decision\": \"COMPLETED\", \"reason\": \"r\", \"at\": \"2026-12-01T06:41:17Z\", \"approvers\": []}"
        #expect(throws: ControlError.self) { try AuditRecord.decode(Data(bare.utf8)) }
    }

    @Test func aRejectionOfAnUnreadableEnvelopeHasNoCommandId() throws {
        let decision = CommandPolicy().decide(Data("garbage".utf8), keyring: try Keyring(quorum: 1, keys: ["a": Curve25519.Signing.PrivateKey().publicKey]),
                                              now: Date(), alreadySeen: { _ in false })
        let record = AuditRecord(decision, at: ControlCommand.parseTimestamp("2026-12-01T06:00:00Z")!)
        #expect(record.commandId == nil)
        #expect(record.decision == .rejected)
        #expect(record.reason.hasPrefix("MALFORMED_ENVELOPE: "))
        #expect(String(decoding: record.encoded(), as: UTF8.self).hasPrefix("{\"commandId\": null, \"type\": null, \"decision\": \"REJECTED\""))
    }
}
