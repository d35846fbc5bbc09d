/// Counts the records a producer has enqueued and librdkafka has not yet reported on, tallies
/// the reports, and holds the tasks waiting for the count to reach zero. Pure: the owner
/// resumes what the transitions return (STYLE.md 7). `Waiter` is a continuation in
/// production, a plain value in the unit tests.
struct DeliveryTracker<Waiter> {
    private(set) var outstanding = 0
    private var nextID: UInt64 = 1
    private var tally = DeliveryTally()
    private var waiters: [(waiter: Waiter, deadline: ContinuousClock.Instant)] = []

    /// Called before handing a record to librdkafka: its message id.
    mutating func willEnqueue() -> UInt64 {
        outstanding += 1
        defer { nextID += 1 }
        return nextID
    }

    /// librdkafka refused the record: it will never be reported.
    mutating func enqueueFailed() {
        precondition(outstanding > 0, "more enqueue failures than enqueued records")
        outstanding -= 1
    }

    /// A delivery report arrived. Returns the waiters to resume, with the tally they get.
    mutating func reported(_ report: KafkaDeliveryReport) -> (waiters: [Waiter], tally: DeliveryTally)? {
        precondition(outstanding > 0, "a delivery report for a record that was not enqueued")
        outstanding -= 1
        tally.add(report)
        return outstanding == 0 ? releaseWaiters() : nil
    }

    /// A task waits for all outstanding deliveries. Returns the tally at once when none are.
    mutating func wait(_ waiter: Waiter, deadline: ContinuousClock.Instant) -> DeliveryTally? {
        guard outstanding > 0 else {
            defer { tally = DeliveryTally() }
            return tally
        }
        waiters.append((waiter, deadline))
        return nil
    }

    /// The waiters whose deadline has passed.
    mutating func expire(now: ContinuousClock.Instant) -> [Waiter] {
        guard waiters.contains(where: { $0.deadline <= now }) else { return [] }
        let expired = waiters.filter { $0.deadline <= now }.map(\.waiter)
        waiters.removeAll { $0.deadline <= now }
        return expired
    }

    private mutating func releaseWaiters() -> (waiters: [Waiter], tally: DeliveryTally)? {
        guard !waiters.isEmpty else { return nil }
        let released = (waiters.map(\.waiter), tally)
        waiters.removeAll()
        tally = DeliveryTally()
        return released
    }
}
