import Foundation
import Testing
@testable import Kafka

@Suite("Pure state: lifecycle, delivery tracking, bounded hand-off")
struct StateMachineTests {
    @Test("a client closes once; later close requests wait or resume at once")
    func lifecycle() {
        var lifecycle = ClientLifecycle<String>()
        #expect(lifecycle.isRunning)
        #expect(lifecycle.nextPollAction() == .poll)
        guard case .stopPollThread = lifecycle.closeRequested(waiter: "a") else {
            Issue.record("the first close must stop the poll thread")
            return
        }
        #expect(!lifecycle.isRunning)
        #expect(lifecycle.nextPollAction() == .closeAndExit)
        guard case .wait = lifecycle.closeRequested(waiter: "b") else {
            Issue.record("a second close while closing must wait")
            return
        }
        #expect(lifecycle.pollThreadFinished() == ["a", "b"])
        guard case .resumeNow(let waiter) = lifecycle.closeRequested(waiter: "c") else {
            Issue.record("a close after closing must resume at once")
            return
        }
        #expect(waiter == "c")
    }

    @Test("delivery waiters are released when the last outstanding record is reported")
    func deliveryTracker() {
        var tracker = DeliveryTracker<String>()
        let now = ContinuousClock.now
        #expect(tracker.wait("idle", deadline: now)?.delivered == 0, "nothing outstanding: no wait")
        let first = tracker.willEnqueue()
        let second = tracker.willEnqueue()
        let third = tracker.willEnqueue()
        tracker.enqueueFailed()
        #expect(tracker.outstanding == 2)
        #expect(tracker.wait("w", deadline: now.advanced(by: .seconds(10))) == nil)
        #expect(tracker.expire(now: now).isEmpty)
        let ok = KafkaDeliveryReport(messageID: first, topic: "t", result: .success(TopicPartitionOffset("t", 0, .exactly(0))))
        #expect(tracker.reported(ok) == nil)
        let failed = KafkaDeliveryReport(
            messageID: second, topic: "t", result: .failure(KafkaError(.produce, message: "refused")))
        let released = tracker.reported(failed)
        #expect(released?.waiters == ["w"])
        #expect(released?.tally.delivered == 1)
        #expect(released?.tally.failed == 1)
        #expect(third == second + 1)

        _ = tracker.willEnqueue()
        #expect(tracker.wait("late", deadline: now) == nil)
        #expect(tracker.expire(now: now) == ["late"])
    }

    @Test("a full hand-off blocks the producing thread until the reader takes an element")
    func handoffBackpressure() async throws {
        let handoff = BoundedHandoff<Int>(capacity: 2)
        let produced = Counter()
        let thread = Thread {
            for i in 0..<5 {
                handoff.put(i)
                produced.increment()
            }
            handoff.finish()
        }
        thread.start()
        // The producer fills the two slots, then blocks on the third element.
        try await waitUntil { produced.value == 2 }
        var read: [Int] = []
        while let element = try await handoff.next(deadline: nil) {
            read.append(element)
            #expect(produced.value <= read.count + handoff.capacity, "never more than the capacity ahead of the reader")
        }
        #expect(read == [0, 1, 2, 3, 4])
        #expect(produced.value == 5)
    }

    @Test("a reader's deadline ends its wait; cancelling the reader unblocks the producer")
    func handoffDeadlineAndCancel() async throws {
        let handoff = BoundedHandoff<Int>(capacity: 1)
        let deadline = ContinuousClock.now
        let waiting = Task { try await handoff.next(deadline: deadline) }
        try await waitUntil { handoff.hasWaiter }
        handoff.expireWaiter(now: ContinuousClock.now)
        await #expect(throws: KafkaError.self) { _ = try await waiting.value }

        handoff.put(1)
        let blocked = Counter()
        let thread = Thread {
            let kept = handoff.put(2)
            blocked.increment()
            #expect(!kept)
        }
        thread.start()
        handoff.cancel()
        try await waitUntil { blocked.value == 1 }
        #expect(try await handoff.next(deadline: nil) == nil)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}

/// Polls `condition` (yielding between checks) until it holds, at most 10 s.
func waitUntil(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now.advanced(by: .seconds(10))
    while !condition() {
        guard ContinuousClock.now < deadline else { throw DeadlinePassed(waitingFor: "a condition") }
        await Task.yield()
    }
}
