import Foundation
import Testing
import TestSupport

/// `--kafka-property NAME=VALUE` reaches the clients of every command that talks to Kafka: a
/// property librdkafka refuses stops the command before it connects, naming the property; a
/// flag that is not NAME=VALUE is a usage error.
@Suite("--kafka-property on run, replay and control send")
struct KafkaPropertyFlagTests {
    static let refused = "security.protocol=carrier-pigeon"

    @Test("backstop run: exit status 2 (configuration), naming the flag and the property")
    func run() async throws {
        let result = try await runProcess(try BuiltProduct.path("backstop"), [
            "run", "--bootstrap-servers", "127.0.0.1:1", "--kafka-property", Self.refused,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--kafka-property") && result.stderr.contains("security.protocol"), "\(result.stderr)")
    }

    @Test("backstop replay: refused before reading, naming the property")
    func replay() async throws {
        let folder = try TemporaryDirectory()
        let result = try await runProcess(try BuiltProduct.path("backstop"), [
            "replay", "--bootstrap-servers", "127.0.0.1:1", "--state-dir", folder.child("state"), "--from", "beginning",
            "--kafka-property", Self.refused,
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("security.protocol") && result.stderr.contains("carrier-pigeon"), "\(result.stderr)")
    }

    @Test("backstop control send: a flag that is not NAME=VALUE is a usage error, before anything is read or sent")
    func controlSend() async throws {
        let folder = try TemporaryDirectory()
        let envelope = folder.child("any.json")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: envelope))
        let usage = try await runProcess(try BuiltProduct.path("backstop"), [
            "control", "send", "--bootstrap-servers", "127.0.0.1:1", "--kafka-property", "security.protocol", envelope,
        ])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("NAME=VALUE"), "\(usage.stderr)")
    }
}
