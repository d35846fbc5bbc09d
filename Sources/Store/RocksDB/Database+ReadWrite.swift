import CRocksDB

extension Database {
    /// The value stored under `key`, copied out; `nil` when there is none.
    public func get(_ key: [UInt8], in family: ColumnFamily, snapshot: Snapshot? = nil) throws(RocksDBError) -> [UInt8]? {
        try pinnedValue(key, in: family, snapshot: snapshot)?.withBytes { Array($0) }
    }

    /// Lends the value stored under `key` (or `nil`) to `body` without copying it. The bytes are
    /// pinned by RocksDB only until `body` returns: decode them there, do not keep the buffer.
    /// Throws what RocksDB or `body` throws.
    public func withValue<Result>(
        _ key: [UInt8], in family: ColumnFamily, snapshot: Snapshot? = nil,
        _ body: (UnsafeRawBufferPointer?) throws -> Result
    ) throws -> Result {
        guard let pinned = try pinnedValue(key, in: family, snapshot: snapshot) else { return try body(nil) }
        return try pinned.withBytes { try body($0) }
    }

    private func pinnedValue(_ key: [UInt8], in family: ColumnFamily, snapshot: Snapshot?) throws(RocksDBError) -> PinnedValue? {
        let familyHandle = handle(of: family)
        // Plain reads share the database's read options; a snapshot read needs its own.
        let snapshotRead = snapshot.map { ReadOptions(database: self, snapshot: $0, range: nil) }
        let pinned = try withExtendedLifetime(snapshotRead) { () throws(RocksDBError) in
            try withCBytes(key) { bytes, count throws(RocksDBError) in
                try withErrorPointer(.get, path: path) { error in
                    rocksdb_get_pinned_cf(
                        handle, snapshotRead?.pointer ?? defaultReadOptions, familyHandle, bytes, count, error)
                }
            }
        }
        // NULL means not found.
        return pinned.map(PinnedValue.init)
    }

    /// Stores one value (its own atomic write).
    public func put(_ key: [UInt8], _ value: [UInt8], in family: ColumnFamily, sync: Bool? = nil) throws(RocksDBError) {
        let familyHandle = handle(of: family)
        let write = writeOptions(sync: sync)
        try withCBytes(key) { keyBytes, keyCount throws(RocksDBError) in
            try withCBytes(value) { valueBytes, valueCount throws(RocksDBError) in
                try withErrorPointer(.put, path: path) { error in
                    rocksdb_put_cf(handle, write, familyHandle, keyBytes, keyCount, valueBytes, valueCount, error)
                }
            }
        }
    }

    /// Removes one key (its own atomic write); removing a missing key is not an error.
    public func delete(_ key: [UInt8], in family: ColumnFamily, sync: Bool? = nil) throws(RocksDBError) {
        let familyHandle = handle(of: family)
        let write = writeOptions(sync: sync)
        try withCBytes(key) { keyBytes, keyCount throws(RocksDBError) in
            try withErrorPointer(.delete, path: path) { error in
                rocksdb_delete_cf(handle, write, familyHandle, keyBytes, keyCount, error)
            }
        }
    }

    /// Applies every operation of `batch` atomically: after a crash, all of them or none are there.
    /// `sync: true` returns only once the write-ahead log is on disk; `nil` uses
    /// `options.syncWrites`. The batch can be reused (cleared) or written again afterwards.
    public func write(_ batch: WriteBatch, sync: Bool? = nil) throws(RocksDBError) {
        precondition(batch.database === self, "a write batch is written to the database that made it")
        let write = writeOptions(sync: sync)
        try withErrorPointer(.write, path: path) { error in
            rocksdb_write(handle, write, batch.pointer, error)
        }
    }

    /// A new, empty batch of writes for this database.
    public func makeWriteBatch() -> WriteBatch {
        WriteBatch(database: self)
    }
}

/// A value RocksDB found and pinned (a `rocksdb_pinnableslice_t*` we own, destroyed with this
/// value). Non-copyable, so the bytes it lends cannot outlive it.
struct PinnedValue: ~Copyable {
    private let slice: OpaquePointer

    init(_ slice: OpaquePointer) {
        self.slice = slice
    }

    deinit {
        rocksdb_pinnableslice_destroy(slice)
    }

    func withBytes<Result, Failure>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        var length = 0
        let value = rocksdb_pinnableslice_value(slice, &length)
        return try body(rawBuffer(value, length))
    }
}
