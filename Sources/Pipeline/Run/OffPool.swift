import Dispatch

/// Runs blocking file work (encoding a Standard 18 file, writing it with fsync) on a dispatch
/// thread, never on Swift's cooperative pool (STYLE.md 4). Unlike the store's serial executor,
/// several partitions' files can be written at once.
func offPool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result<Value, any Error> { try work() })
        }
    }
}
