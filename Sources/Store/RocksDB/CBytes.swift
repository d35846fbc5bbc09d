/// Lends `bytes` to a C call as `(const char*, size_t)`, for the duration of `body` only.
/// An empty array may have no storage; RocksDB still gets a valid pointer with length 0.
@inline(__always)
func withCBytes<Result, Failure>(
    _ bytes: [UInt8], _ body: (UnsafePointer<CChar>, Int) throws(Failure) -> Result
) throws(Failure) -> Result {
    // Array's buffer accessor is only `rethrows`; carrying the outcome out keeps the error typed.
    let outcome: Swift.Result<Result, Failure> = bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else {
            var empty: CChar = 0
            return Swift.Result { () throws(Failure) in try body(&empty, 0) }
        }
        return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
            Swift.Result { () throws(Failure) in try body(pointer, buffer.count) }
        }
    }
    return try outcome.get()
}

/// A view of `count` bytes RocksDB lent us at `pointer`, valid until the next call on the object
/// that lent them.
@inline(__always)
func rawBuffer(_ pointer: UnsafePointer<CChar>?, _ count: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: pointer.map(UnsafeRawPointer.init), count: count)
}
