import Dispatch

/// Runs blocking librdkafka calls (synchronous commit, metadata and watermark queries, flush,
/// the transaction calls) on a serial dispatch queue of their own, so they never occupy a
/// thread of Swift's cooperative pool (STYLE.md 4). One queue per client keeps calls on one
/// handle in submission order.
struct BlockingExecutor: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
