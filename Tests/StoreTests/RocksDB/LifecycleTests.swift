import Foundation
import Testing
import TestSupport
@testable import Store

@Suite("RocksDB lifecycle")
struct LifecycleTests {
    private func options(_ families: [String]) -> DatabaseOptions {
        var options = DatabaseOptions()
        options.columnFamilies = families
        return options
    }

    @Test("column families and their data survive a reopen, even when not listed again")
    func familiesSurviveReopen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.child("db")
        do {
            let database = try Database.open(at: path, options: options(["alpha", "beta"]))
            #expect(database.columnFamilies.map(\.name) == ["default", "alpha", "beta"])
            let batch = database.makeWriteBatch()
            batch.put("k".bytes, "in alpha".bytes, in: try database.columnFamily("alpha"))
            batch.put("k".bytes, "in beta".bytes, in: try database.columnFamily("beta"))
            try database.write(batch)
        }
        let reopened = try Database.open(at: path, options: options(["beta", "gamma"]))
        #expect(Set(reopened.columnFamilies.map(\.name)) == ["default", "alpha", "beta", "gamma"])
        #expect(try reopened.get("k".bytes, in: reopened.columnFamily("alpha")) == "in alpha".bytes)
        #expect(try reopened.get("k".bytes, in: reopened.columnFamily("beta")) == "in beta".bytes)
        #expect(try reopened.get("k".bytes, in: reopened.columnFamily("gamma")) == nil)
        #expect(try reopened.get("k".bytes, in: reopened.defaultColumnFamily) == nil)
        let unknown = #expect(throws: RocksDBError.self) { try reopened.columnFamily("delta") }
        #expect(unknown?.code == .unknownColumnFamily)
    }

    @Test("every compression setting opens and round-trips data through table files")
    func compression() throws {
        for compression in DatabaseOptions.Compression.allCases {
            let directory = try TemporaryDirectory()
            var settings = DatabaseOptions()
            settings.compression = compression
            settings.bottommostCompression = compression
            let database = try Database.open(at: directory.child("db"), options: settings)
            try database.put("k".bytes, Array(repeating: 7, count: 10_000), in: database.defaultColumnFamily)
            try database.flush()
            database.compactRange(in: database.defaultColumnFamily)
            #expect(try database.get("k".bytes, in: database.defaultColumnFamily) == Array(repeating: 7, count: 10_000))
        }
    }

    @Test("a checkpoint opens as its own database with the same content")
    func checkpoint() throws {
        let directory = try TemporaryDirectory()
        let database = try Database.open(at: directory.child("db"), options: options(["alpha"]))
        let alpha = try database.columnFamily("alpha")
        for index in 0..<500 {
            try database.put("key\(index)".bytes, "value\(index)".bytes, in: index.isMultiple(of: 2) ? alpha : database.defaultColumnFamily, sync: false)
        }
        // Some content flushed to table files, some only in the memtable and WAL.
        try database.flush()
        try database.put("late".bytes, "unflushed".bytes, in: alpha)
        try database.checkpoint(to: directory.child("copy"))
        // Later writes to the original do not reach the copy.
        try database.put("after".bytes, "x".bytes, in: alpha)

        let copy = try Database.open(at: directory.child("copy"))
        #expect(copy.columnFamilies.map(\.name) == ["default", "alpha"])
        for family in ["default", "alpha"] {
            var original: [[UInt8]] = []
            var copied: [[UInt8]] = []
            try database.forEach(in: database.columnFamily(family)) { key, value in
                if Array(key) != "after".bytes { original.append(Array(key) + [0] + Array(value)) }
                return true
            }
            try copy.forEach(in: copy.columnFamily(family)) { key, value in copied.append(Array(key) + [0] + Array(value)); return true }
            #expect(copied == original)
            #expect(!copied.isEmpty)
        }
        #expect(try copy.get("late".bytes, in: copy.columnFamily("alpha")) == "unflushed".bytes)
        #expect(try copy.get("after".bytes, in: copy.columnFamily("alpha")) == nil)

        // A checkpoint into an existing directory is refused.
        let again = #expect(throws: RocksDBError.self) { try database.checkpoint(to: directory.child("copy")) }
        #expect(again?.operation == .checkpoint)
    }

    @Test("opening a database that is already open is a clear error")
    func lockedTwice() throws {
        let directory = try TemporaryDirectory()
        let path = directory.child("db")
        let first = try Database.open(at: path)
        let error = #expect(throws: RocksDBError.self) { try Database.open(at: path) }
        #expect(error?.code == .ioError)
        #expect(error?.operation == .open)
        #expect(error?.path == path)
        #expect(error?.message.contains("lock") == true)
        #expect(error?.isRetriable == false)
        withExtendedLifetime(first) {}
        // Once the first is closed, the database opens again.
        _ = consume first
        _ = try Database.open(at: path)
    }

    @Test("a bad path, a missing database and a bad setting are clear errors")
    func badPathsAndSettings() throws {
        let directory = try TemporaryDirectory()
        let file = directory.child("plain-file")
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        let underFile = #expect(throws: RocksDBError.self) { try Database.open(at: file + "/db") }
        #expect(underFile?.code == .ioError)
        #expect(underFile?.path == file + "/db")

        var noCreate = DatabaseOptions()
        noCreate.createIfMissing = false
        let missing = #expect(throws: RocksDBError.self) { try Database.open(at: directory.child("absent"), options: noCreate) }
        #expect(missing?.code == .invalidArgument)
        #expect(missing?.message.contains("does not exist") == true)

        var tiny = DatabaseOptions()
        tiny.writeBufferBytes = 10
        let setting = #expect(throws: RocksDBError.self) { try Database.open(at: directory.child("db"), options: tiny) }
        #expect(setting?.code == .invalidOption)
        #expect(setting?.message.hasPrefix("writeBufferBytes") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.child("db")))

        var twice = DatabaseOptions()
        twice.columnFamilies = ["a", "a"]
        #expect(throws: RocksDBError.self) { try twice.validate(path: "x") }
    }

    @Test("RocksDB status text maps to codes")
    func statusCodes() {
        #expect(RocksDBError.code(ofStatus: "Corruption: block checksum mismatch") == .corruption)
        #expect(RocksDBError.code(ofStatus: "IO error: No space left on device: /x") == .ioError)
        #expect(RocksDBError(status: "IO error: No space left on device", operation: .write, path: "p").isNoSpace)
        #expect(RocksDBError.code(ofStatus: "Resource busy: ") == .busy)
        #expect(RocksDBError(status: "Resource busy: ", operation: .write, path: "p").isRetriable)
        #expect(RocksDBError.code(ofStatus: "Operation failed. Try again.: x") == .tryAgain)
        #expect(RocksDBError.code(ofStatus: "something else") == .unknown)
    }

    @Test("statistics count keys and bytes; destroy removes the database")
    func statisticsAndDestroy() throws {
        let directory = try TemporaryDirectory()
        let path = directory.child("db")
        do {
            let database = try Database.open(at: path)
            let family = database.defaultColumnFamily
            for index in 0..<1_000 { try database.put("key\(index)".bytes, Array(repeating: 1, count: 100), in: family, sync: false) }
            #expect(database.statistics(of: family).memtableBytes > 0)
            try database.flush()
            let statistics = database.statistics(of: family)
            #expect(statistics.estimatedKeys == 1_000)
            #expect(statistics.liveTableBytes > 0)
            #expect(database.property("rocksdb.stats", of: family)?.isEmpty == false)
            #expect(database.property("rocksdb.no-such-property", of: family) == nil)
        }
        try Database.destroy(at: path)
        var noCreate = DatabaseOptions()
        noCreate.createIfMissing = false
        #expect(throws: RocksDBError.self) { try Database.open(at: path, options: noCreate) }
    }
}
