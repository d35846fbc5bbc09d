import CRocksDB
import Testing
import TestSupport
@testable import Store

/// Behaviour of Debian's RocksDB 7.8.3 that the wrapper is built around. If a RocksDB upgrade
/// changes it, this test says so, and the precondition it justifies can be revisited.
@Suite("RocksDB 7.8.3 behaviour")
struct RocksDBBehaviourTests {
    /// The batch goes to the WAL, then its memtable insert stops at the inverted range deletion:
    /// the puts before it are applied, those after it are not. So the wrapper never lets an
    /// inverted range reach a batch (`KeyRange` checks `lower <= upper`).
    @Test("a batch with an inverted range deletion is applied only in part")
    func invertedRangeBreaksAtomicity() throws {
        let directory = try TemporaryDirectory()
        let database = try Database.open(at: directory.child("db"))
        let family = database.defaultColumnFamily
        let batch = database.makeWriteBatch()
        batch.put("a".bytes, "1".bytes, in: family)
        rocksdb_writebatch_delete_range_cf(batch.pointer, database.handle(of: family), "z", 1, "b", 1)
        batch.put("c".bytes, "1".bytes, in: family)
        let error = #expect(throws: RocksDBError.self) { try database.write(batch) }
        #expect(error?.code == .invalidArgument)
        #expect(try database.get("a".bytes, in: family) == "1".bytes)
        #expect(try database.get("c".bytes, in: family) == nil)
    }
}
