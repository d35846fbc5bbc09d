import CRocksDB

/// A position in a forward scan of one column family, lent to the body of `Database.scan`.
///
/// It cannot be copied or kept (`~Copyable`, passed `borrowing`), so the iterator it owns is
/// destroyed when the scan's body returns, and the key and value buffers it lends to `withKey`
/// and `withValue` never outlive it. Not thread-safe: RocksDB iterators are not.
///
/// Owns a `rocksdb_iterator_t*`. Destruction order: the iterator first, then its read options
/// (which hold the bounds and snapshot the iterator reads through), then the database reference.
public struct Cursor: ~Copyable {
    private let iterator: OpaquePointer
    private let readOptions: ReadOptions
    private let database: Database

    init(database: Database, family: ColumnFamily, range: KeyRange, snapshot: Snapshot?) {
        self.database = database
        readOptions = ReadOptions(database: database, snapshot: snapshot, range: range)
        iterator = rocksdb_create_iterator_cf(database.handle, readOptions.pointer, database.handle(of: family))
    }

    deinit {
        // The stored properties (read options, database) are released after this body returns.
        rocksdb_iter_destroy(iterator)
    }

    /// Whether the cursor is on an entry inside the range. `false` at the end of the range, and
    /// after an error, which `checkStatus()` then reports.
    public var isValid: Bool { rocksdb_iter_valid(iterator) != 0 }

    /// Moves to the first entry of the range.
    public func seekToFirst() { rocksdb_iter_seek_to_first(iterator) }

    /// Moves to the first entry whose key is at or after `key` (within the range).
    public func seek(to key: [UInt8]) {
        withCBytes(key) { rocksdb_iter_seek(iterator, $0, $1) }
    }

    /// Moves to the next entry. The cursor must be valid.
    public func next() {
        precondition(isValid, "next() on a cursor that is not on an entry")
        rocksdb_iter_next(iterator)
    }

    /// Lends the current key to `body`; the bytes are valid only until `body` returns.
    public func withKey<Result, Failure>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        precondition(isValid, "key of a cursor that is not on an entry")
        var length = 0
        let bytes = rocksdb_iter_key(iterator, &length)
        return try body(rawBuffer(bytes, length))
    }

    /// Lends the current value to `body`; the bytes are valid only until `body` returns.
    public func withValue<Result, Failure>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        precondition(isValid, "value of a cursor that is not on an entry")
        var length = 0
        let bytes = rocksdb_iter_value(iterator, &length)
        return try body(rawBuffer(bytes, length))
    }

    /// The current key, copied.
    public var key: [UInt8] { withKey { Array($0) } }

    /// The current value, copied.
    public var value: [UInt8] { withValue { Array($0) } }

    /// Throws the error that stopped the scan, if one did (an I/O error or corruption ends an
    /// iteration the same way the end of the range does).
    public func checkStatus() throws(RocksDBError) {
        try withErrorPointer(.iterate, path: database.path) { error in
            rocksdb_iter_get_error(iterator, error)
        }
    }
}

extension Database {
    /// Lends `body` a cursor over the keys of `range` in `family`, in key order, positioned on the
    /// first of them. The cursor and everything it lends are gone when `body` returns.
    public func scan<Result>(
        _ family: ColumnFamily, range: KeyRange = .all, snapshot: Snapshot? = nil,
        _ body: (borrowing Cursor) throws -> Result
    ) throws -> Result {
        let cursor = Cursor(database: self, family: family, range: range, snapshot: snapshot)
        cursor.seekToFirst()
        let result = try body(cursor)
        try cursor.checkStatus()
        return result
    }

    /// Calls `body` with each key and value of `range` in key order, until it returns `false`.
    /// The buffers are valid only during each call.
    public func forEach(
        in family: ColumnFamily, range: KeyRange = .all, snapshot: Snapshot? = nil,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try scan(family, range: range, snapshot: snapshot) { cursor in
            while cursor.isValid {
                let proceed = try cursor.withKey { key in try cursor.withValue { value in try body(key, value) } }
                guard proceed else { return }
                cursor.next()
            }
        }
    }
}
