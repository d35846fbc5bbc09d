/// RocksDB through its C API, and on it the entitlement store of DESIGN.md section 3.
///
/// Two layers (STYLE.md 1 and 2): `RocksDB/` owns every RocksDB pointer (`Database`, `WriteBatch`,
/// `Snapshot`, the scoped `Cursor`, `RocksDBError`, `DatabaseOptions`, `BlockingExecutor`);
/// `Entitlement/` is the typed store on top (`EntitlementStore`, its key layout in `StoreLayout`,
/// its records and their versioned binary encoding), which sees no C type.
public enum StoreModule {}
