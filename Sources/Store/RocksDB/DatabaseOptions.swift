/// How a RocksDB database is opened and tuned: one `Sendable` value with documented defaults,
/// validated once before RocksDB is called (STYLE.md 12). `NativeOptions` applies it to RocksDB's
/// C options object, in one place.
public struct DatabaseOptions: Sendable, Equatable {
    /// Block compression. RocksDB's Debian build links both libraries.
    public enum Compression: String, Sendable, CaseIterable {
        case none
        /// Fast, modest ratio: the default for the upper levels, where data is rewritten often.
        case lz4
        /// Slower, better ratio: the default for the bottommost level, which holds most bytes.
        case zstd
    }

    /// Create the database directory when it does not exist. Default `true`.
    public var createIfMissing = true
    /// Column families to open besides `default`; missing ones are created. Families that exist
    /// on disk but are not listed are opened too (RocksDB requires it), so reopening with a
    /// shorter list never fails. Default: none.
    public var columnFamilies: [String] = []
    /// Compression of levels above the bottommost. Default `.lz4`.
    public var compression: Compression = .lz4
    /// Compression of the bottommost level. Default `.zstd`.
    public var bottommostCompression: Compression = .zstd
    /// LRU block cache shared by every column family. Default 64 MiB.
    public var blockCacheBytes = 64 << 20
    /// Memtable size per column family before it is flushed. Default 32 MiB.
    public var writeBufferBytes = 32 << 20
    /// Table files kept open; `-1` keeps all of them open. Default 1,024.
    public var maxOpenFiles = 1_024
    /// Background flush and compaction threads. Default 2.
    public var backgroundJobs = 2
    /// Whether writes fsync the write-ahead log before returning, when the caller does not say
    /// (`Database.write(_:sync:)` with `sync: nil`). Default `true`: the entitlement store writes
    /// offsets with the state they produced and must not lose an acknowledged batch.
    public var syncWrites = true

    public init() {}

    /// Limits, named so that a bad setting fails with a message naming it (STYLE.md 11, 12).
    public enum Limits {
        public static let blockCacheBytes = (1 << 20)...(1 << 40)
        public static let writeBufferBytes = (64 << 10)...(4 << 30)
        public static let maxOpenFiles = 16...1_000_000
        public static let backgroundJobs = 1...64
        public static let columnFamilyNameBytes = 1...255
    }

    /// Checks every setting; the error names the first one that is out of range.
    public func validate(path: String) throws(RocksDBError) {
        func reject(_ setting: String, _ why: String) -> RocksDBError {
            RocksDBError(code: .invalidOption, message: "\(setting): \(why)", operation: .validateOptions, path: path)
        }
        guard Limits.blockCacheBytes.contains(blockCacheBytes) else {
            throw reject("blockCacheBytes", "\(blockCacheBytes) is outside \(Limits.blockCacheBytes)")
        }
        guard Limits.writeBufferBytes.contains(writeBufferBytes) else {
            throw reject("writeBufferBytes", "\(writeBufferBytes) is outside \(Limits.writeBufferBytes)")
        }
        guard maxOpenFiles == -1 || Limits.maxOpenFiles.contains(maxOpenFiles) else {
            throw reject("maxOpenFiles", "\(maxOpenFiles) is neither -1 nor within \(Limits.maxOpenFiles)")
        }
        guard Limits.backgroundJobs.contains(backgroundJobs) else {
            throw reject("backgroundJobs", "\(backgroundJobs) is outside \(Limits.backgroundJobs)")
        }
        var seen: Set<String> = []
        for name in columnFamilies {
            guard Limits.columnFamilyNameBytes.contains(name.utf8.count), !name.utf8.contains(0) else {
                throw reject("columnFamilies", "\"\(name)\" must be 1 to 255 bytes without NUL")
            }
            guard seen.insert(name).inserted else {
                throw reject("columnFamilies", "\"\(name)\" is listed twice")
            }
        }
    }
}
