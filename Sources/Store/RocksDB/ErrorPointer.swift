import CRocksDB

/// Calls a RocksDB function that reports failure through `char** errptr`, and turns a reported
/// error into a `RocksDBError`.
///
/// Ownership: RocksDB `malloc`s the message and hands it to the caller; it is copied into a Swift
/// string and released with `rocksdb_free` here, on every path. Functions that fail leave their
/// result empty (NULL handle, NULL value), so the result of a failed call is discarded.
@inline(__always)
func withErrorPointer<Result>(
    _ operation: RocksDBError.Operation,
    path: String,
    _ call: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Result
) throws(RocksDBError) -> Result {
    var message: UnsafeMutablePointer<CChar>? = nil
    let result = call(&message)
    if let message {
        let text = String(cString: message)
        rocksdb_free(message)
        throw RocksDBError(status: text, operation: operation, path: path)
    }
    return result
}
