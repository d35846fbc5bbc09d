import Testing
import TestSupport
@testable import Store

@Suite("RocksDB database")
struct DatabaseTests {
    @Test("put, get and delete one key")
    func putGetDelete() throws {
        let directory = try TemporaryDirectory()
        let database = try Database.open(at: directory.child("db"))
        let family = database.defaultColumnFamily
        #expect(try database.get("k".bytes, in: family) == nil)
        try database.put("k".bytes, "v1".bytes, in: family)
        #expect(try database.get("k".bytes, in: family) == "v1".bytes)
        try database.put("k".bytes, "v2".bytes, in: family, sync: false)
        #expect(try database.get("k".bytes, in: family) == "v2".bytes)
        try database.put("empty".bytes, [], in: family)
        #expect(try database.get("empty".bytes, in: family) == [])
        try database.delete("k".bytes, in: family)
        #expect(try database.get("k".bytes, in: family) == nil)
        try database.delete("never-there".bytes, in: family)
    }

    @Test("a batch applies in order and all together")
    func batchIsAtomicAndOrdered() throws {
        let directory = try TemporaryDirectory()
        let database = try Database.open(at: directory.child("db"))
        let family = database.defaultColumnFamily
        try database.put("old".bytes, "x".bytes, in: family)

        let batch = database.makeWriteBatch()
        batch.put("a".bytes, "1".bytes, in: family)
        batch.put("a".bytes, "2".bytes, in: family)
        batch.delete("old".bytes, in: family)
        batch.put("b".bytes, "3".bytes, in: family)
        #expect(batch.count == 4)
        // Nothing is visible before the write.
        #expect(try database.get("a".bytes, in: family) == nil)
        #expect(try database.get("old".bytes, in: family) == "x".bytes)
        try database.write(batch, sync: true)
        #expect(try database.get("a".bytes, in: family) == "2".bytes)
        #expect(try database.get("b".bytes, in: family) == "3".bytes)
        #expect(try database.get("old".bytes, in: family) == nil)

        batch.clear()
        #expect(batch.count == 0)
    }

    @Test("readers never see part of a batch")
    func batchesAreVisibleWhole() async throws {
        let directory = try TemporaryDirectory()
        let database = try Database.open(at: directory.child("db"))
        let family = database.defaultColumnFamily
        let keys = (0..<8).map { "key\($0)".bytes }
        let rounds = 300

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let batch = database.makeWriteBatch()
                for round in 1...rounds {
                    batch.clear()
                    for key in keys { batch.put(key, Array("\(round)".utf8), in: family) }
                    try database.write(batch, sync: false)
                }
            }
            group.addTask {
                // Bounded, so that a failing writer cannot leave the reader spinning.
                var last = 0
                var reads = 0
                while last < rounds && reads < 1_000_000 {
                    reads += 1
                    // One snapshot: every key as of one moment.
                    let snapshot = database.snapshot()
                    let values = try keys.map { try database.get($0, in: family, snapshot: snapshot) }
                    #expect(Set(values).count == 1, "a snapshot saw keys of different batches")
                    last = values[0].flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
                }
            }
            try await group.waitForAll()
        }
    }

}
