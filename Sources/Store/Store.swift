/// RocksDB through its C API, and on it the entitlement store of DESIGN.md section 3.
public enum StoreModule {}
