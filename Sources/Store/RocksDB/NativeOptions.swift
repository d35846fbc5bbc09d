import CRocksDB

/// Owns a `rocksdb_options_t` built from `DatabaseOptions`. This is the one place where the
/// Swift settings meet RocksDB's C setters.
///
/// Ownership: the block-based table options and the LRU cache are temporary C objects. The
/// cache wrapper holds a `shared_ptr`, which `set_block_cache` copies into the table options;
/// `set_block_based_table_factory` copies the table options into a new factory held by the
/// options. So both wrappers are destroyed here, right after use, and the cache lives as long
/// as the options (and every database opened with them, which copies the factory pointer).
final class NativeOptions {
    let pointer: OpaquePointer

    init(_ settings: DatabaseOptions) {
        pointer = rocksdb_options_create()
        rocksdb_options_set_create_if_missing(pointer, settings.createIfMissing ? 1 : 0)
        rocksdb_options_set_create_missing_column_families(pointer, 1)
        rocksdb_options_set_compression(pointer, Self.code(of: settings.compression))
        rocksdb_options_set_bottommost_compression(pointer, Self.code(of: settings.bottommostCompression))
        rocksdb_options_set_write_buffer_size(pointer, settings.writeBufferBytes)
        rocksdb_options_set_max_open_files(pointer, Int32(settings.maxOpenFiles))
        rocksdb_options_set_max_background_jobs(pointer, Int32(settings.backgroundJobs))
        // Column families share one WAL; atomic flush keeps their flushed SST files consistent
        // with each other, so a checkpoint never shows one family ahead of another.
        rocksdb_options_set_atomic_flush(pointer, 1)
        // Corruption found while opening fails the open instead of being skipped.
        rocksdb_options_set_paranoid_checks(pointer, 1)

        let table = rocksdb_block_based_options_create()
        let cache = rocksdb_cache_create_lru(settings.blockCacheBytes)
        rocksdb_block_based_options_set_block_cache(table, cache)
        // Point lookups (paid markers, ledger entries) mostly miss: a bloom filter of 10 bits
        // per key answers most misses without reading a block. The table options take the policy.
        rocksdb_block_based_options_set_filter_policy(table, rocksdb_filterpolicy_create_bloom_full(10))
        rocksdb_options_set_block_based_table_factory(pointer, table)
        rocksdb_cache_destroy(cache)
        rocksdb_block_based_options_destroy(table)
    }

    deinit {
        rocksdb_options_destroy(pointer)
    }

    private static func code(of compression: DatabaseOptions.Compression) -> Int32 {
        switch compression {
        case .none: Int32(rocksdb_no_compression)
        case .lz4: Int32(rocksdb_lz4_compression)
        case .zstd: Int32(rocksdb_zstd_compression)
        }
    }
}
