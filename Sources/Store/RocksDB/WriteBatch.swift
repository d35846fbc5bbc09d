import CRocksDB

/// Writes collected in memory and applied atomically by `Database.write(_:sync:)`: after a crash,
/// either every operation of the batch is in the database or none is. Operations apply in the
/// order they were added, so a later put of the same key wins.
///
/// Owns a `rocksdb_writebatch_t`, destroyed in `deinit`. Not thread-safe (RocksDB's batch is a
/// plain buffer), hence not `Sendable`: build it and write it on one thread. It keeps its
/// database open, because it refers to the database's column family handles.
public final class WriteBatch {
    let database: Database
    let pointer: OpaquePointer

    init(database: Database) {
        self.database = database
        pointer = rocksdb_writebatch_create()
    }

    deinit {
        rocksdb_writebatch_destroy(pointer)
    }

    /// Operations in the batch (a delete range counts as one).
    public var count: Int { Int(rocksdb_writebatch_count(pointer)) }

    public func put(_ key: [UInt8], _ value: [UInt8], in family: ColumnFamily) {
        let familyHandle = database.handle(of: family)
        withCBytes(key) { keyBytes, keyCount in
            withCBytes(value) { valueBytes, valueCount in
                rocksdb_writebatch_put_cf(pointer, familyHandle, keyBytes, keyCount, valueBytes, valueCount)
            }
        }
    }

    public func delete(_ key: [UInt8], in family: ColumnFamily) {
        let familyHandle = database.handle(of: family)
        withCBytes(key) { keyBytes, keyCount in
            rocksdb_writebatch_delete_cf(pointer, familyHandle, keyBytes, keyCount)
        }
    }

    /// Deletes every key of `range` with one range tombstone. The range must have an upper end:
    /// RocksDB's delete range needs an exclusive end key. `KeyRange` guarantees `lower <= upper`,
    /// which matters: RocksDB 7.8 rejects an inverted range only while inserting into the memtable,
    /// after the WAL write, and then keeps the batch's earlier operations (RocksDBBehaviourTests).
    public func deleteRange(_ range: KeyRange, in family: ColumnFamily) {
        guard let upper = range.upper else {
            preconditionFailure("deleteRange needs a range with an upper end")
        }
        let familyHandle = database.handle(of: family)
        withCBytes(range.lower) { lowerBytes, lowerCount in
            withCBytes(upper) { upperBytes, upperCount in
                rocksdb_writebatch_delete_range_cf(pointer, familyHandle, lowerBytes, lowerCount, upperBytes, upperCount)
            }
        }
    }

    /// Empties the batch so it can be filled again.
    public func clear() {
        rocksdb_writebatch_clear(pointer)
    }
}

@available(*, unavailable, message: "a RocksDB write batch is not thread-safe")
extension WriteBatch: Sendable {}
