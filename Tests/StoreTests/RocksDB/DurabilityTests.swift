import Foundation
import Testing
import TestSupport
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

    @Test("acknowledged synced batches survive SIGKILL, whole")
    func survivesKill() throws {
        let directory = try TemporaryDirectory()
        let path = directory.child("db")
        let acknowledged = try CrashWriterProcess.runAndKill(mode: "rocksdb", path: path, items: Self.keysPerBatch, acknowledgements: 200)

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
}
