/// A failure reported by RocksDB (or by this wrapper on RocksDB's behalf), with where it happened.
///
/// RocksDB's C API reports errors as a `malloc`ed string written through a `char** errptr`; the
/// text starts with the status code's name (`IO error: `, `Corruption: `, …). `code` is parsed from
/// that prefix so callers can decide without matching strings; `message` keeps RocksDB's own words.
/// DESIGN.md section 6: disk full or corruption stop the process with this message.
public struct RocksDBError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in RocksDB's `Status::Code` vocabulary, plus codes this wrapper adds.
    /// A struct rather than an enum so that new codes do not break callers' `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let notFound = Code("notFound")
        public static let corruption = Code("corruption")
        public static let notSupported = Code("notSupported")
        public static let invalidArgument = Code("invalidArgument")
        public static let ioError = Code("ioError")
        public static let mergeInProgress = Code("mergeInProgress")
        public static let incomplete = Code("incomplete")
        public static let shutdownInProgress = Code("shutdownInProgress")
        public static let timedOut = Code("timedOut")
        public static let aborted = Code("aborted")
        public static let busy = Code("busy")
        public static let expired = Code("expired")
        public static let tryAgain = Code("tryAgain")
        public static let compactionTooLarge = Code("compactionTooLarge")
        public static let columnFamilyDropped = Code("columnFamilyDropped")
        /// A message RocksDB produced that starts with no known status name.
        public static let unknown = Code("unknown")
        /// A `DatabaseOptions` setting is out of range; raised before RocksDB is called.
        public static let invalidOption = Code("invalidOption")
        /// A column family this database was not opened with.
        public static let unknownColumnFamily = Code("unknownColumnFamily")
    }

    /// The RocksDB entry point (or wrapper step) that failed.
    public struct Operation: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let validateOptions = Operation("validateOptions")
        public static let open = Operation("open")
        public static let listColumnFamilies = Operation("listColumnFamilies")
        public static let get = Operation("get")
        public static let put = Operation("put")
        public static let delete = Operation("delete")
        public static let write = Operation("write")
        public static let iterate = Operation("iterate")
        public static let flush = Operation("flush")
        public static let compact = Operation("compact")
        public static let property = Operation("property")
        public static let checkpoint = Operation("checkpoint")
        public static let destroy = Operation("destroy")
        public static let schedule = Operation("schedule")
    }

    public var code: Code
    /// RocksDB's own text, or this wrapper's explanation for codes it raises itself.
    public var message: String
    public var operation: Operation
    /// The database directory the operation was about.
    public var path: String

    public init(code: Code, message: String, operation: Operation, path: String) {
        self.code = code
        self.message = message
        self.operation = operation
        self.path = path
    }

    /// An error from RocksDB's status text, its code taken from the text's prefix.
    init(status message: String, operation: Operation, path: String) {
        self.init(code: Self.code(ofStatus: message), message: message, operation: operation, path: path)
    }

    /// Whether trying the same operation again later can succeed (RocksDB's transient statuses).
    /// Everything else (corruption, I/O, a bad argument) needs an operator or a rebuild by replay.
    public var isRetriable: Bool {
        code == .busy || code == .tryAgain || code == .timedOut || code == .incomplete
    }

    /// RocksDB reports a full disk as an I/O error whose subcode text says so.
    public var isNoSpace: Bool {
        code == .ioError && message.contains("No space left on device")
    }

    public var description: String {
        "RocksDB \(operation) failed (\(code)) for \(path): \(message)"
    }

    /// `Status::ToString()` prefixes, from rocksdb/util/status.cc of 7.8.
    private static let prefixes: [(String, Code)] = [
        ("NotFound", .notFound),
        ("Corruption", .corruption),
        ("Not implemented", .notSupported),
        ("Invalid argument", .invalidArgument),
        ("IO error", .ioError),
        ("Merge in progress", .mergeInProgress),
        ("Result incomplete", .incomplete),
        ("Shutdown in progress", .shutdownInProgress),
        ("Operation timed out", .timedOut),
        ("Operation aborted", .aborted),
        ("Resource busy", .busy),
        ("Operation expired", .expired),
        ("Operation failed. Try again.", .tryAgain),
        ("Compaction too large", .compactionTooLarge),
        ("Column family dropped", .columnFamilyDropped),
    ]

    static func code(ofStatus message: String) -> Code {
        prefixes.first { message.hasPrefix($0.0) }?.1 ?? .unknown
    }
}
