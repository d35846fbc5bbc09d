/// A column family of one open `Database`: a name and the index of its C handle, which the
/// database keeps. Handing out this token instead of the handle keeps every
/// `rocksdb_column_family_handle_t*` inside `Database`, which destroys them before it closes.
public struct ColumnFamily: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    let index: Int
    /// The database that issued it; using it with another one is a programmer error.
    let owner: ObjectIdentifier

    public var description: String { name }
}
