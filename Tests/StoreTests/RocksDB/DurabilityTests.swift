import Foundation
import Testing
@testable import Store

/// A writer process is killed with SIGKILL while it writes synced batches; on reopen every batch
/// it acknowledged is there, and every batch that is there is whole.
///
/// What this proves: an acknowledged `write(_:sync: true)` survives the death of the process, and
/// a batch is never half applied after a crash (WAL recovery is all-or-nothing per batch). What it
/// cannot prove: survival of a power cut, where `sync` (fsync of the WAL) is what matters; the
/// kernel's page cache outlives a killed process.
@Suite("RocksDB durability")
struct DurabilityTests {
    static let keysPerBatch = 20
    static let acknowledgementsBeforeKill = 200
    static let deadline: TimeInterval = 120

    @Test("acknowledged synced batches survive SIGKILL, whole")
    func survivesKill() throws {
        let directory = try TemporaryDirectory()
        let path = directory.child("db")
        let writer = Process()
        writer.executableURL = try Self.crashWriter()
        writer.arguments = [path, "\(Self.keysPerBatch)"]
        let output = Pipe()
        writer.standardOutput = output
        try writer.run()
        // A writer that hangs is killed at the deadline, which ends the reads below (end of file).
        let pid = writer.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.deadline) { kill(pid, SIGKILL) }

        // Read acknowledgements until enough have arrived, then kill the writer mid-stream.
        var acknowledged = -1
        var pending = ""
        while acknowledged + 1 < Self.acknowledgementsBeforeKill {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            pending += String(decoding: data, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                acknowledged = Int(pending[..<newline]) ?? acknowledged
                pending = String(pending[pending.index(after: newline)...])
            }
        }
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(writer.terminationReason == .uncaughtSignal)
        #expect(acknowledged + 1 >= Self.acknowledgementsBeforeKill, "the writer stopped early")

        let database = try Database.open(at: path)
        var keysByBatch: [Int: Int] = [:]
        try database.forEach(in: database.defaultColumnFamily) { key, value in
            let text = String(decoding: key, as: UTF8.self)
            let batch = Int(text.dropFirst().prefix { $0 != "-" })!
            #expect(value.count == 100 && value.allSatisfy { $0 == UInt8(truncatingIfNeeded: batch) })
            keysByBatch[batch, default: 0] += 1
            return true
        }
        for batch in 0...acknowledged {
            #expect(keysByBatch[batch] == Self.keysPerBatch, "acknowledged batch \(batch) is missing or partial")
        }
        for (batch, count) in keysByBatch {
            #expect(count == Self.keysPerBatch, "batch \(batch) is partial: \(count) keys")
        }
        // Batches are written in order: what survived is a prefix of them.
        #expect(Set(keysByBatch.keys) == Set(0..<keysByBatch.count))
    }

    /// The helper executable, built beside the test bundle by `swift build --build-tests`.
    static func crashWriter() throws -> URL {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let url = bundle.appendingPathComponent("store-crash-writer")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw MissingHelper(path: url.path)
        }
        return url
    }

    struct MissingHelper: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) is missing: build everything with `swift build --build-tests` first" }
    }
}
