import Entitlements

/// Appends the fixed-width, big-endian fields of the store's keys and values.
///
/// Big-endian integers and order-preserving dates make RocksDB's bytewise key order equal to the
/// numeric and chronological order, so range scans and range deletions follow dates and
/// partitions. Strings are prefixed by their UTF-8 length, so no key is a prefix of another
/// record's key by accident.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func i64(_ value: Int64) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    mutating func bool(_ value: Bool) { u8(value ? 1 : 0) }

    /// A partition number; Kafka partitions are never negative.
    mutating func partition(_ partition: Int32) {
        precondition(partition >= 0, "a Kafka partition is never negative: \(partition)")
        u32(UInt32(partition))
    }

    /// A date as its day number with the sign bit flipped, so that earlier dates sort first,
    /// also before 1970 (dates of birth).
    mutating func date(_ date: CalendarDate) {
        u32(UInt32(bitPattern: Int32(date.daysSinceEpoch)) ^ 0x8000_0000)
    }

    mutating func pence(_ amount: Pence) { i64(amount.value) }

    /// A UTF-8 string behind a 16-bit length. Every string the store keeps is bounded far below
    /// 64 KiB by the topic schemas (ids of at most 64 characters) or by `StoreLimits`.
    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        precondition(utf8.count <= Int(UInt16.max), "string of \(utf8.count) bytes is too long for the store")
        u16(UInt16(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func optional<Value>(_ value: Value?, _ write: (inout ByteWriter, Value) -> Void) {
        if let value {
            u8(1)
            write(&self, value)
        } else {
            u8(0)
        }
    }

    mutating func raw(_ other: [UInt8]) { bytes.append(contentsOf: other) }
}
