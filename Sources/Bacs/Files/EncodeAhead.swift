import Dispatch
import Foundation

/// Encodes batches ahead of the writer (DESIGN.md 4 step 3): ordering a batch's payments,
/// formatting its records and hashing its bytes is CPU work that can run on other cores
/// while the previous file is written and fsynced. At most `window` encoded files wait in
/// memory (a Standard 18 file of 250,000 credits is about 25 MB), and files are still
/// handed out, and so written, strictly in batch order.
final class EncodeAhead: @unchecked Sendable {
    typealias Encoded = Result<(bytes: [UInt8], entry: WrittenFile), BatchWriteError>

    private let batches: [PaymentBatch]
    private let writer: BatchFileWriter
    private let window: Int
    /// Guards `results`; each slot is filled once by its encoder and emptied once by `take`.
    private let lock = NSLock()
    private var results: [Encoded?]
    private let ready: [DispatchSemaphore]
    private var started = 0

    init(batches: [PaymentBatch], writer: BatchFileWriter, window: Int) {
        precondition(window >= 1, "the encoding window holds at least one file")
        self.batches = batches
        self.writer = writer
        self.window = window
        results = Array(repeating: nil, count: batches.count)
        ready = batches.map { _ in DispatchSemaphore(value: 0) }
        while started < min(window, batches.count) { startNext() }
    }

    /// The encoded file of batch `index`, waiting for it if need be; starts the next
    /// encoding so that `window` stay in flight. Call with 0, 1, 2, … in order.
    func take(_ index: Int) -> Encoded {
        ready[index].wait()
        let result = lock.withLock {
            let result = results[index]!
            results[index] = nil
            return result
        }
        if started < batches.count { startNext() }
        return result
    }

    private func startNext() {
        let index = started
        started += 1
        DispatchQueue.global().async { [self] in
            let encoded = Encoded { () throws(BatchWriteError) in try writer.encode(batches[index]) }
            lock.withLock { results[index] = encoded }
            ready[index].signal()
        }
    }
}
