import Entitlements

/// Reads what `ByteWriter` wrote, from bytes RocksDB lends; every read is bounds-checked and a
/// short or malformed record is a `StoreError.corruptRecord`, never a crash.
struct ByteReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0
    /// Named in errors: which column family the record came from.
    let family: String

    init(_ bytes: UnsafeRawBufferPointer, family: String) {
        self.bytes = bytes
        self.family = family
    }

    var isAtEnd: Bool { offset == bytes.count }

    func corrupt(_ what: String) -> StoreError {
        StoreError(code: .corruptRecord, message: "\(what) at byte \(offset) of \(bytes.count)", family: family)
    }

    private mutating func take(_ count: Int) throws(StoreError) -> UnsafeRawBufferPointer {
        guard count <= bytes.count - offset else { throw corrupt("record ends early") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func u8() throws(StoreError) -> UInt8 { try take(1)[0] }

    mutating func u16() throws(StoreError) -> UInt16 {
        let field = try take(2)
        return UInt16(field[0]) << 8 | UInt16(field[1])
    }

    mutating func u32() throws(StoreError) -> UInt32 {
        try take(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func i64() throws(StoreError) -> Int64 {
        Int64(bitPattern: try take(8).reduce(0) { $0 << 8 | UInt64($1) })
    }

    mutating func bool() throws(StoreError) -> Bool {
        switch try u8() {
        case 0: false
        case 1: true
        default: throw corrupt("flag is neither 0 nor 1")
        }
    }

    mutating func partition() throws(StoreError) -> Int32 {
        let value = try u32()
        guard value <= UInt32(Int32.max) else { throw corrupt("partition out of range") }
        return Int32(value)
    }

    mutating func date() throws(StoreError) -> CalendarDate {
        let days = Int(Int32(bitPattern: try u32() ^ 0x8000_0000))
        // CalendarDate traps outside years 1 to 9999; a corrupt value must not.
        guard (CalendarDate.firstRepresentable...CalendarDate.lastRepresentable).contains(days) else {
            throw corrupt("date out of range")
        }
        return CalendarDate(daysSinceEpoch: days)
    }

    mutating func pence() throws(StoreError) -> Pence { Pence(try i64()) }

    mutating func string() throws(StoreError) -> String {
        let count = Int(try u16())
        let field = try take(count)
        guard let text = String(validating: field, as: UTF8.self) else { throw corrupt("string is not UTF-8") }
        return text
    }

    mutating func optional<Value>(_ read: (inout ByteReader) throws(StoreError) -> Value) throws(StoreError) -> Value? {
        try bool() ? try read(&self) : nil
    }

    /// Parses a domain value, reporting a value that fails validation as corruption.
    mutating func validated<Value>(_ make: (String) throws(ValidationError) -> Value) throws(StoreError) -> Value {
        let text = try string()
        do {
            return try make(text)
        } catch {
            throw corrupt("stored value fails validation: \(error)")
        }
    }

    /// Checks that nothing is left over: a record longer than its encoding is corrupt.
    func finish() throws(StoreError) {
        guard isAtEnd else { throw corrupt("unexpected trailing bytes") }
    }
}

extension CalendarDate {
    /// Day numbers of 0001-01-01 and 9999-12-31, the range `CalendarDate` accepts.
    static let firstRepresentable = -719_162
    static let lastRepresentable = 2_932_896
}
