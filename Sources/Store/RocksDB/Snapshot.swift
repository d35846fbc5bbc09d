import CRocksDB

/// A consistent, read-only view of the database as it was when the snapshot was taken: reads and
/// scans given it see no later write. Cheap (a sequence number); release it soon, because RocksDB
/// keeps every version it can see until then.
///
/// Owns a `const rocksdb_snapshot_t*`, released in `deinit` through the database that made it,
/// which it keeps open. Immutable, so safe to share between threads.
public final class Snapshot: @unchecked Sendable {
    let database: Database
    let pointer: OpaquePointer

    init(database: Database) {
        self.database = database
        pointer = rocksdb_create_snapshot(database.handle)
    }

    deinit {
        rocksdb_release_snapshot(database.handle, pointer)
    }
}

extension Database {
    /// A snapshot of the database now.
    public func snapshot() -> Snapshot {
        Snapshot(database: self)
    }
}
