import CRocksDB
import Foundation

/// An open RocksDB database and its column families: the owner of the `rocksdb_t*` and of every
/// `rocksdb_column_family_handle_t*` (STYLE.md 2).
///
/// Thread safety: RocksDB's `DB` and column family handles are safe for concurrent use, and the
/// read and write options kept here are only read by RocksDB (`const` in every call), so one
/// `Database` is shared between threads. `WriteBatch` and the `Cursor` of `scan` are not
/// thread-safe and are not `Sendable`. Every call blocks the calling thread on disk: async code
/// runs them on a `BlockingExecutor` (STYLE.md 4).
///
/// Closing: the database closes when the last reference goes (a `WriteBatch` or `Snapshot` holds
/// one). Destruction order, in `deinit`: column family handles first (RocksDB requires them
/// released before the DB), then `rocksdb_close`, then the read and write options; the C options
/// (`NativeOptions`, a stored property) are released after `deinit` returns, last.
public final class Database: @unchecked Sendable {
    public let path: String
    public let options: DatabaseOptions
    /// Every column family, `default` first, in the order of `columnFamilyHandles`.
    public let columnFamilies: [ColumnFamily]

    let handle: OpaquePointer
    let columnFamilyHandles: [OpaquePointer]
    let defaultReadOptions: OpaquePointer
    let syncWriteOptions: OpaquePointer
    let bufferedWriteOptions: OpaquePointer
    private let nativeOptions: NativeOptions
    /// An object whose identity stands for this database in the `ColumnFamily` tokens it issues
    /// (`self` cannot be referenced before every property is set).
    private let identity = Identity()
    private final class Identity {}

    private init(
        path: String, options: DatabaseOptions, nativeOptions: NativeOptions,
        handle: OpaquePointer, names: [String], columnFamilyHandles: [OpaquePointer]
    ) {
        self.path = path
        self.options = options
        self.nativeOptions = nativeOptions
        self.handle = handle
        self.columnFamilyHandles = columnFamilyHandles
        defaultReadOptions = rocksdb_readoptions_create()
        syncWriteOptions = rocksdb_writeoptions_create()
        rocksdb_writeoptions_set_sync(syncWriteOptions, 1)
        bufferedWriteOptions = rocksdb_writeoptions_create()
        rocksdb_writeoptions_set_sync(bufferedWriteOptions, 0)
        let owner = ObjectIdentifier(identity)
        columnFamilies = names.enumerated().map { ColumnFamily(name: $1, index: $0, owner: owner) }
    }

    deinit {
        for columnFamily in columnFamilyHandles {
            rocksdb_column_family_handle_destroy(columnFamily)
        }
        rocksdb_close(handle)
        rocksdb_readoptions_destroy(defaultReadOptions)
        rocksdb_writeoptions_destroy(syncWriteOptions)
        rocksdb_writeoptions_destroy(bufferedWriteOptions)
    }

    /// Opens (or creates) the database at `path` with `default`, the families of
    /// `options.columnFamilies` (created when missing) and any other family found on disk.
    public static func open(at path: String, options: DatabaseOptions = DatabaseOptions()) throws(RocksDBError) -> Database {
        try options.validate(path: path)
        let native = NativeOptions(options)
        var names = ["default"]
        for name in options.columnFamilies + (try existingColumnFamilies(at: path, native: native)) where !names.contains(name) {
            names.append(name)
        }
        let cNames = names.map { strdup($0) }
        defer { cNames.forEach { free($0) } }
        let cNamesConst: [UnsafePointer<CChar>?] = cNames.map { UnsafePointer($0) }
        let perFamilyOptions: [OpaquePointer?] = Array(repeating: native.pointer, count: names.count)
        var handles: [OpaquePointer?] = Array(repeating: nil, count: names.count)
        // On failure RocksDB returns NULL and fills no handle; on success we own the DB and every handle.
        let db = try withErrorPointer(.open, path: path) { error in
            rocksdb_open_column_families(
                native.pointer, path, Int32(names.count), cNamesConst, perFamilyOptions, &handles, error)
        }
        guard let db else {
            throw RocksDBError(code: .unknown, message: "rocksdb_open_column_families returned no handle", operation: .open, path: path)
        }
        return Database(
            path: path, options: options, nativeOptions: native, handle: db, names: names,
            columnFamilyHandles: handles.map { $0! })
    }

    /// The column families recorded in the database at `path`; none when there is no database yet.
    private static func existingColumnFamilies(at path: String, native: NativeOptions) throws(RocksDBError) -> [String] {
        guard FileManager.default.fileExists(atPath: path + "/CURRENT") else { return [] }
        var count = 0
        let list = try withErrorPointer(.listColumnFamilies, path: path) { error in
            rocksdb_list_column_families(native.pointer, path, &count, error)
        }
        guard let list else { return [] }
        // The list and each name are RocksDB's; copied, then released with the matching call.
        defer { rocksdb_list_column_families_destroy(list, count) }
        return (0..<count).compactMap { list[$0].map { String(cString: $0) } }
    }

    /// The family called `name`.
    public func columnFamily(_ name: String) throws(RocksDBError) -> ColumnFamily {
        guard let family = columnFamilies.first(where: { $0.name == name }) else {
            throw RocksDBError(
                code: .unknownColumnFamily, message: "no column family \"\(name)\" is open", operation: .open, path: path)
        }
        return family
    }

    /// The `default` family, which every RocksDB database has.
    public var defaultColumnFamily: ColumnFamily { columnFamilies[0] }

    /// The C handle of a family issued by this database.
    func handle(of family: ColumnFamily) -> OpaquePointer {
        precondition(family.owner == ObjectIdentifier(identity), "column family \(family) belongs to another database")
        return columnFamilyHandles[family.index]
    }

    func writeOptions(sync: Bool?) -> OpaquePointer {
        (sync ?? options.syncWrites) ? syncWriteOptions : bufferedWriteOptions
    }
}
