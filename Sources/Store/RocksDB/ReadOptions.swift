import CRocksDB

/// Owns a `rocksdb_readoptions_t` for one read or one iterator, with its snapshot and bounds.
///
/// RocksDB does not copy iterator bounds: `set_iterate_upper_bound` keeps a `Slice` pointing at
/// the caller's bytes. So the bounds are copied into buffers owned here, which live exactly as long
/// as the read options, and must outlive any iterator made with them. Destruction order: the C
/// read options first, then the bound buffers; the snapshot (a stored property) is released after.
final class ReadOptions {
    let pointer: OpaquePointer
    private let lowerBound: UnsafeMutableRawBufferPointer?
    private let upperBound: UnsafeMutableRawBufferPointer?
    /// Kept so that the snapshot the options point at is not released while they are in use.
    private let snapshot: Snapshot?

    init(database: Database, snapshot: Snapshot?, range: KeyRange?) {
        pointer = rocksdb_readoptions_create()
        self.snapshot = snapshot
        if let snapshot {
            precondition(snapshot.database === database, "a snapshot is read through the database that took it")
            rocksdb_readoptions_set_snapshot(pointer, snapshot.pointer)
        }
        lowerBound = range.flatMap { $0.lower.isEmpty ? nil : Self.copy($0.lower) }
        upperBound = range?.upper.map(Self.copy)
        if let lowerBound {
            rocksdb_readoptions_set_iterate_lower_bound(
                pointer, lowerBound.baseAddress!.assumingMemoryBound(to: CChar.self), lowerBound.count)
        }
        if let upperBound {
            rocksdb_readoptions_set_iterate_upper_bound(
                pointer, upperBound.baseAddress!.assumingMemoryBound(to: CChar.self), upperBound.count)
        }
    }

    deinit {
        rocksdb_readoptions_destroy(pointer)
        lowerBound?.deallocate()
        upperBound?.deallocate()
    }

    private static func copy(_ bytes: [UInt8]) -> UnsafeMutableRawBufferPointer {
        // At least one byte, so that an empty bound still has an address.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        buffer.copyBytes(from: bytes)
        return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes.count])
    }
}
