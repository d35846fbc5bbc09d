import Entitlements

/// The entitlement store of DESIGN.md section 3: for the estate partitions this process owns,
/// claimants, awards and their history, paid markers, the ledger of emitted payments, the control
/// commands seen, and the next offset of every input partition, in one RocksDB database laid out
/// as `StoreLayout` describes.
///
/// Every method is synchronous and blocks on disk: async callers run them on a
/// `BlockingExecutor` (STYLE.md 4). The store is safe to share between threads (RocksDB is);
/// writes that must be ordered (applying input in offset order) come from one stage.
public final class EntitlementStore: Sendable {
    public let database: Database
    public let options: StoreOptions
    let claimants: ColumnFamily
    let awards: ColumnFamily
    let paid: ColumnFamily
    let ledger: ColumnFamily
    let commands: ColumnFamily
    let offsets: ColumnFamily

    private init(database: Database, options: StoreOptions) throws(RocksDBError) {
        self.database = database
        self.options = options
        claimants = try database.columnFamily(StoreLayout.Family.claimants.rawValue)
        awards = try database.columnFamily(StoreLayout.Family.awards.rawValue)
        paid = try database.columnFamily(StoreLayout.Family.paid.rawValue)
        ledger = try database.columnFamily(StoreLayout.Family.ledger.rawValue)
        commands = try database.columnFamily(StoreLayout.Family.commands.rawValue)
        offsets = try database.columnFamily(StoreLayout.Family.offsets.rawValue)
    }

    /// Opens (or creates) the store at `path`. A store written with another layout version is
    /// refused with `incompatibleLayout`: rebuild it by replay (DESIGN.md section 5).
    public static func open(at path: String, options: StoreOptions = StoreOptions()) throws(StoreError) -> EntitlementStore {
        try options.validate(path: path)
        var databaseOptions = options.database
        databaseOptions.columnFamilies = StoreLayout.Family.allCases.map(\.rawValue)
        let database = try storing { try Database.open(at: path, options: databaseOptions) }
        let store = try storing { try EntitlementStore(database: database, options: options) }
        try store.checkLayout()
        return store
    }

    func family(_ family: StoreLayout.Family) -> ColumnFamily {
        switch family {
        case .claimants: claimants
        case .awards: awards
        case .paid: paid
        case .ledger: ledger
        case .commands: commands
        case .offsets: offsets
        }
    }

    /// Writes the layout version into a new store; checks it in an existing one.
    private func checkLayout() throws(StoreError) {
        let stored = try storing { try database.get(StoreLayout.layoutKey, in: database.defaultColumnFamily) }
        if let stored {
            let version = stored.count == 4 ? stored.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } : nil
            guard version == StoreLayout.version else {
                throw StoreError(
                    code: .incompatibleLayout,
                    message: "the store at \(database.path) has layout \(version.map(String.init) ?? "unreadable"), this build uses \(StoreLayout.version); rebuild it by replay")
            }
            return
        }
        for family in StoreLayout.Family.allCases {
            let isEmpty = try storing {
                try database.scan(self.family(family)) { (cursor: borrowing Cursor) in !cursor.isValid }
            }
            guard isEmpty else {
                throw StoreError(
                    code: .incompatibleLayout, message: "the store at \(database.path) has data but no layout version",
                    family: family.rawValue)
            }
        }
        var writer = ByteWriter(capacity: 4)
        writer.u32(StoreLayout.version)
        try storing { try database.put(StoreLayout.layoutKey, writer.bytes, in: database.defaultColumnFamily, sync: true) }
    }
}
