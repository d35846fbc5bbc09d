/// A failure of the entitlement store: either RocksDB failed underneath, or what the store read
/// back is not what it writes (DESIGN.md section 6: corruption stops the process with a clear
/// message; the store is then rebuilt from the estate topics by replay).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// RocksDB reported an error; `database` holds it.
        public static let database = Code("database")
        /// A stored key or value does not decode: truncated, or holding an invalid domain value.
        public static let corruptRecord = Code("corruptRecord")
        /// A value was written by a newer encoding version than this build reads.
        public static let unsupportedVersion = Code("unsupportedVersion")
        /// The store on disk was laid out by another version of the key layout.
        public static let incompatibleLayout = Code("incompatibleLayout")
        /// A fact exceeds a `StoreLimits` bound; the caller should have sent its record to the
        /// dead-letter topic (`StoreFact.limitProblem`).
        public static let invalidFact = Code("invalidFact")
        /// An update would move an input partition's stored offset backwards (`apply`).
        public static let offsetRegression = Code("offsetRegression")
        /// A `StoreOptions` setting is out of range.
        public static let invalidOption = Code("invalidOption")
    }

    public var code: Code
    public var message: String
    /// The column family concerned, when there is one.
    public var family: String?
    /// The RocksDB error underneath, for `.database`.
    public var database: RocksDBError?

    public init(code: Code, message: String, family: String? = nil, database: RocksDBError? = nil) {
        self.code = code
        self.message = message
        self.family = family
        self.database = database
    }

    init(_ error: RocksDBError) {
        self.init(code: .database, message: error.description, database: error)
    }

    public var description: String {
        "entitlement store: \(code)" + (family.map { " in \($0)" } ?? "") + ": " + message
    }
}

/// Runs RocksDB calls (and store code inside scans) and reports any failure as a `StoreError`:
/// store errors pass through, RocksDB errors are wrapped.
@inline(__always)
func storing<Result>(_ body: () throws -> Result) throws(StoreError) -> Result {
    do {
        return try body()
    } catch let error as StoreError {
        throw error
    } catch let error as RocksDBError {
        throw StoreError(error)
    } catch {
        // Nothing below the store throws anything else; keep it visible if that ever changes.
        throw StoreError(code: .database, message: "unexpected error: \(error)")
    }
}
