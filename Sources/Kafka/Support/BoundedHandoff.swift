import Foundation

/// Hands elements from one producing thread (a poll thread) to one asynchronous reader,
/// holding at most `capacity` of them (STYLE.md 11). When it is full, `put` blocks the
/// producing thread until the reader takes one: backpressure instead of an unbounded buffer.
///
/// The reader's wait can carry a deadline; the producing thread calls `expireWaiter` each
/// time it wakes, so an expired wait ends within one poll interval, with no timer.
final class BoundedHandoff<Element: Sendable>: @unchecked Sendable {
    private enum Status {
        case open
        /// No more elements will come; the reader drains what is left, then gets nil.
        case finished
        /// The reader is gone: buffered elements were dropped and `put` drops new ones.
        case cancelled
    }

    private struct Waiter {
        let continuation: CheckedContinuation<Element?, any Error>
        let deadline: ContinuousClock.Instant?
    }

    let capacity: Int
    // Guards everything below; also the condition `put` waits on when full.
    private let condition = NSCondition()
    private var buffer: [Element] = []
    private var head = 0
    private var status = Status.open
    private var waiter: Waiter?

    init(capacity: Int) {
        precondition(capacity >= 1, "a hand-off holds at least one element")
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    private var count: Int { buffer.count - head }

    /// Blocks while the hand-off is full. Returns false when the reader is gone (the element
    /// was dropped).
    @discardableResult
    func put(_ element: Element) -> Bool {
        condition.lock()
        while status == .open && waiter == nil && count >= capacity {
            condition.wait()
        }
        guard status == .open else {
            condition.unlock()
            return false
        }
        if let waiter {
            self.waiter = nil
            condition.unlock()
            waiter.continuation.resume(returning: element)
            return true
        }
        buffer.append(element)
        condition.unlock()
        return true
    }

    /// No more elements: the reader gets nil once it has drained the rest.
    func finish() {
        condition.lock()
        if status == .open { status = .finished }
        let waiter = count == 0 ? takeWaiter() : nil
        condition.broadcast()
        condition.unlock()
        waiter?.continuation.resume(returning: nil)
    }

    /// The reader is gone: drop what is buffered and unblock the producing thread.
    func cancel() {
        condition.lock()
        status = .cancelled
        buffer.removeAll()
        head = 0
        let waiter = takeWaiter()
        condition.broadcast()
        condition.unlock()
        waiter?.continuation.resume(returning: nil)
    }

    /// Ends a reader's wait that has passed its deadline with a `.timeout` error.
    func expireWaiter(now: ContinuousClock.Instant) {
        condition.lock()
        guard let deadline = waiter?.deadline, deadline <= now else {
            condition.unlock()
            return
        }
        let expired = takeWaiter()
        condition.unlock()
        expired?.continuation.resume(throwing: KafkaError(.timeout, message: "no consumer event before the deadline"))
    }

    /// The next element, nil once finished and drained (or cancelled). Throws `.timeout` past
    /// `deadline`, and `CancellationError` when the task is cancelled. One reader at a time.
    func next(deadline: ContinuousClock.Instant?) async throws -> Element? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                condition.lock()
                if Task.isCancelled {
                    condition.unlock()
                    continuation.resume(throwing: CancellationError())
                    return
                }
                if count > 0 {
                    let element = buffer[head]
                    head += 1
                    if head == buffer.count {
                        buffer.removeAll(keepingCapacity: true)
                        head = 0
                    }
                    condition.signal()
                    condition.unlock()
                    continuation.resume(returning: element)
                    return
                }
                guard status == .open else {
                    condition.unlock()
                    continuation.resume(returning: nil)
                    return
                }
                precondition(waiter == nil, "a hand-off has one reader at a time")
                waiter = Waiter(continuation: continuation, deadline: deadline)
                // A producer blocked on a full buffer cannot exist here (the buffer is
                // empty), but wake any so it sees the waiter.
                condition.signal()
                condition.unlock()
            }
        } onCancel: {
            condition.lock()
            let cancelled = takeWaiter()
            condition.unlock()
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Whether a reader is waiting (for tests and diagnostics).
    var hasWaiter: Bool {
        condition.lock()
        defer { condition.unlock() }
        return waiter != nil
    }

    /// Call with the lock held.
    private func takeWaiter() -> Waiter? {
        defer { waiter = nil }
        return waiter
    }
}
