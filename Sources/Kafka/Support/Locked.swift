import Foundation

/// A value guarded by a lock. Every access goes through `withLock`, so the value can be shared
/// between the poll threads of this module, librdkafka's own threads (callbacks) and Swift tasks.
/// A lock from Foundation keeps the package building on every platform `Package.swift` names.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
