import Testing
import TestSupport
@testable import Store

@Suite("RocksDB scans")
struct CursorTests {
    /// A database holding `keys` (each key its own value) in the default family.
    private func database(with keys: [String], in directory: TemporaryDirectory) throws -> Database {
        let database = try Database.open(at: directory.child("db"))
        let batch = database.makeWriteBatch()
        for key in keys { batch.put(key.bytes, key.bytes, in: database.defaultColumnFamily) }
        try database.write(batch)
        return database
    }

    private func keys(of database: Database, in range: KeyRange, snapshot: Snapshot? = nil) throws -> [String] {
        var found: [String] = []
        try database.forEach(in: database.defaultColumnFamily, range: range, snapshot: snapshot) { key, value in
            #expect(Array(key) == Array(value))
            found.append(String(decoding: key, as: UTF8.self))
            return true
        }
        return found
    }

    @Test("keys come back in bytewise order, not insertion order")
    func order() throws {
        let directory = try TemporaryDirectory()
        let database = try database(with: ["b", "a2", "a10", "a1", "c", "\u{7F}", "A"], in: directory)
        #expect(try keys(of: database, in: .all) == ["A", "a1", "a10", "a2", "b", "c", "\u{7F}"])
    }

    @Test("a prefix scan stops at the prefix's end, including after 0xFF bytes")
    func prefixBounds() throws {
        let directory = try TemporaryDirectory()
        let database = try Database.open(at: directory.child("db"))
        let family = database.defaultColumnFamily
        let stored: [[UInt8]] = [[1], [1, 0], [1, 0xFF], [1, 0xFF, 0xFF], [2], [2, 0], [0xFF], [0xFF, 1]]
        for key in stored { try database.put(key, [], in: family) }
        func scan(_ range: KeyRange) throws -> [[UInt8]] {
            var found: [[UInt8]] = []
            try database.forEach(in: family, range: range) { key, _ in found.append(Array(key)); return true }
            return found
        }
        #expect(try scan(.prefix([1])) == [[1], [1, 0], [1, 0xFF], [1, 0xFF, 0xFF]])
        #expect(try scan(.prefix([1, 0xFF])) == [[1, 0xFF], [1, 0xFF, 0xFF]])
        #expect(try scan(.prefix([0xFF])) == [[0xFF], [0xFF, 1]])
        #expect(try scan(.prefix([3])) == [])
        #expect(KeyRange.successor(ofPrefix: [1, 0xFF]) == [2])
        #expect(KeyRange.successor(ofPrefix: [0xFF, 0xFF]) == nil)
    }

    @Test("a range scan includes its lower key and excludes its upper key")
    func rangeBounds() throws {
        let directory = try TemporaryDirectory()
        let database = try database(with: ["a", "b", "c", "d", "e"], in: directory)
        #expect(try keys(of: database, in: KeyRange(from: "b".bytes, upTo: "d".bytes)) == ["b", "c"])
        #expect(try keys(of: database, in: KeyRange(from: "bb".bytes, upTo: nil)) == ["c", "d", "e"])
        #expect(try keys(of: database, in: KeyRange(from: [], upTo: "b".bytes)) == ["a"])
        #expect(try keys(of: database, in: KeyRange(from: "c".bytes, upTo: "c".bytes)) == [])
    }

    @Test("seek moves within the bounds, and the body can stop early")
    func seekAndStop() throws {
        let directory = try TemporaryDirectory()
        let database = try database(with: ["a", "b", "c", "d", "e"], in: directory)
        let family = database.defaultColumnFamily
        let afterSeek: [String] = try database.scan(family, range: KeyRange(from: "b".bytes, upTo: "e".bytes)) { cursor in
            #expect(cursor.key == "b".bytes)
            cursor.seek(to: "c".bytes)
            var found: [String] = []
            while cursor.isValid {
                found.append(String(decoding: cursor.key, as: UTF8.self))
                cursor.next()
            }
            // A seek below the lower bound lands on the lower bound.
            cursor.seek(to: "a".bytes)
            #expect(cursor.isValid && cursor.value == "b".bytes)
            return found
        }
        #expect(afterSeek == ["c", "d"])

        var visited = 0
        try database.forEach(in: family) { _, _ in visited += 1; return visited < 2 }
        #expect(visited == 2)
    }

    @Test("a snapshot scan does not see later writes")
    func snapshotIsolation() throws {
        let directory = try TemporaryDirectory()
        let database = try database(with: ["a", "b"], in: directory)
        let snapshot = database.snapshot()
        try database.put("c".bytes, "c".bytes, in: database.defaultColumnFamily)
        try database.delete("a".bytes, in: database.defaultColumnFamily)
        #expect(try keys(of: database, in: .all, snapshot: snapshot) == ["a", "b"])
        #expect(try keys(of: database, in: .all) == ["b", "c"])
        #expect(try database.get("a".bytes, in: database.defaultColumnFamily, snapshot: snapshot) == "a".bytes)
    }

    @Test("a range deletion in a batch removes exactly its range")
    func deleteRange() throws {
        let directory = try TemporaryDirectory()
        let database = try database(with: ["a", "b", "ba", "c", "d"], in: directory)
        let batch = database.makeWriteBatch()
        batch.deleteRange(KeyRange(from: "b".bytes, upTo: "c".bytes), in: database.defaultColumnFamily)
        try database.write(batch)
        #expect(try keys(of: database, in: .all) == ["a", "c", "d"])
        try database.flush()
        database.compactRange(in: database.defaultColumnFamily)
        #expect(try keys(of: database, in: .all) == ["a", "c", "d"])
    }
}
