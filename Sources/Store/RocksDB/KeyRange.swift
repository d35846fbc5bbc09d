/// A range of keys in RocksDB's bytewise order: `lower` inclusive, `upper` exclusive.
/// Iterators get both as RocksDB read-option bounds, so they stop inside RocksDB, not after it.
public struct KeyRange: Sendable, Hashable {
    /// The first key of the range; empty means the start of the key space.
    public var lower: [UInt8]
    /// The first key after the range; `nil` means the end of the key space.
    public var upper: [UInt8]?

    public init(from lower: [UInt8] = [], upTo upper: [UInt8]?) {
        if let upper { precondition(Self.compare(lower, upper) <= 0, "a key range must not end before it starts") }
        self.lower = lower
        self.upper = upper
    }

    /// Every key.
    public static let all = KeyRange(from: [], upTo: nil)

    /// Every key that starts with `prefix`.
    public static func prefix(_ prefix: [UInt8]) -> KeyRange {
        KeyRange(from: prefix, upTo: successor(ofPrefix: prefix))
    }

    public func contains<Key: Collection<UInt8>>(_ key: Key) -> Bool {
        guard Self.compare(key, lower) >= 0 else { return false }
        guard let upper else { return true }
        return Self.compare(key, upper) < 0
    }

    /// The smallest key greater than every key starting with `prefix`: drop trailing 0xFF bytes,
    /// then add one to the last byte. `nil` when the prefix is all 0xFF (nothing is greater).
    public static func successor(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last == 0xFF {
                bytes.removeLast()
            } else {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
        }
        return nil
    }

    /// RocksDB's default comparator: unsigned bytes, shorter first on a common prefix.
    public static func compare<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
