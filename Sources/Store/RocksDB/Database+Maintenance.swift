import CRocksDB
import Foundation

extension Database {
    /// Writes every column family's memtable to table files and waits for it (atomic flush: all
    /// families flush together).
    public func flush() throws(RocksDBError) {
        let flushOptions = rocksdb_flushoptions_create()
        defer { rocksdb_flushoptions_destroy(flushOptions) }
        rocksdb_flushoptions_set_wait(flushOptions, 1)
        for family in columnFamilyHandles {
            try withErrorPointer(.flush, path: path) { error in
                rocksdb_flush_cf(handle, flushOptions, family, error)
            }
        }
    }

    /// Compacts the keys of `range` in `family`, dropping what deletes and range deletes hid.
    /// Blocks until done. RocksDB's C call reports no error for this operation.
    public func compactRange(_ range: KeyRange = .all, in family: ColumnFamily) {
        let familyHandle = handle(of: family)
        // Empty start and NULL end mean "from the first key" and "to the last key".
        withCBytes(range.lower) { lowerBytes, lowerCount in
            if let upper = range.upper {
                withCBytes(upper) { upperBytes, upperCount in
                    rocksdb_compact_range_cf(handle, familyHandle, lowerBytes, lowerCount, upperBytes, upperCount)
                }
            } else {
                rocksdb_compact_range_cf(handle, familyHandle, range.lower.isEmpty ? nil : lowerBytes, lowerCount, nil, 0)
            }
        }
    }

    /// A RocksDB property of `family` as text (`rocksdb.stats`, …); `nil` when RocksDB does not
    /// know the name.
    public func property(_ name: String, of family: ColumnFamily) -> String? {
        // The value is malloc()ed by RocksDB and ours to free.
        guard let value = rocksdb_property_value_cf(handle, handle(of: family), name) else { return nil }
        defer { rocksdb_free(value) }
        return String(cString: value)
    }

    /// A numeric RocksDB property of `family`; `nil` when it is unknown or not numeric.
    public func integerProperty(_ name: String, of family: ColumnFamily) -> UInt64? {
        var value: UInt64 = 0
        return rocksdb_property_int_cf(handle, handle(of: family), name, &value) == 0 ? value : nil
    }

    /// Figures for a status page or summary, per column family.
    public struct FamilyStatistics: Sendable, Equatable {
        /// RocksDB's estimate of live keys (exact only without overwrites and deletes).
        public var estimatedKeys: UInt64
        /// Bytes of live table files.
        public var liveTableBytes: UInt64
        /// Bytes held in memtables, not yet flushed.
        public var memtableBytes: UInt64
    }

    public func statistics(of family: ColumnFamily) -> FamilyStatistics {
        FamilyStatistics(
            estimatedKeys: integerProperty("rocksdb.estimate-num-keys", of: family) ?? 0,
            liveTableBytes: integerProperty("rocksdb.live-sst-files-size", of: family) ?? 0,
            memtableBytes: integerProperty("rocksdb.cur-size-all-mem-tables", of: family) ?? 0)
    }

    /// Writes an openable copy of the database, as of now, to `directory`, which must not exist.
    /// Table files are hard links when on the same file system, so this is cheap; the memtables
    /// are flushed first (`log_size_for_flush` 0), so the copy needs no WAL replay.
    public func checkpoint(to directory: String) throws(RocksDBError) {
        let checkpoint = try withErrorPointer(.checkpoint, path: path) { error in
            rocksdb_checkpoint_object_create(handle, error)
        }
        guard let checkpoint else {
            throw RocksDBError(code: .unknown, message: "no checkpoint object", operation: .checkpoint, path: path)
        }
        defer { rocksdb_checkpoint_object_destroy(checkpoint) }
        try withErrorPointer(.checkpoint, path: path) { error in
            rocksdb_checkpoint_create(checkpoint, directory, 0, error)
        }
    }

    /// Deletes the database at `path` and its files. It must not be open.
    public static func destroy(at path: String, options: DatabaseOptions = DatabaseOptions()) throws(RocksDBError) {
        let native = NativeOptions(options)
        try withErrorPointer(.destroy, path: path) { error in
            rocksdb_destroy_db(native.pointer, path, error)
        }
    }
}
