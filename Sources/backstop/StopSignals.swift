import Dispatch
import Foundation

/// Waits for the first of some signals, with dispatch sources (no polling). The signals'
/// default actions are disabled while it exists, so they only end the wait.
// @unchecked: the sources are fixed at construction, and dispatch sources are thread-safe.
final class StopSignals: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let received: AsyncStream<Int32>

    init(_ signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream(bufferingPolicy: .bufferingNewest(1))
        received = stream
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// The number of the first signal received.
    func wait() async -> Int32 {
        for await number in received { return number }
        preconditionFailure("the signal stream never finishes")
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
