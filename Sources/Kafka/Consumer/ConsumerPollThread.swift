import CRdKafka
import Foundation

/// The dedicated thread that polls one consumer (never the cooperative pool: STYLE.md 4).
/// It polls with `rd_kafka_consumer_poll`, one message at a time, not the batch API
/// (DESIGN.md 7.1), and batches the records itself. On close it calls
/// `rd_kafka_consumer_close`, finishes the hand-off and resumes whoever awaits the close.
/// It holds the handle strongly, so the handle lives until the thread is done with it.
final class ConsumerPollThread: @unchecked Sendable {
    typealias Lifecycle = Locked<ClientLifecycle<CheckedContinuation<Void, Never>>>

    private let handle: RDKafkaHandle
    private let sink: ConsumerEventSink
    private let lifecycle: Lifecycle
    private let pollTimeoutMilliseconds: Int32

    init(handle: RDKafkaHandle, sink: ConsumerEventSink, lifecycle: Lifecycle, pollTimeout: Duration) {
        self.handle = handle
        self.sink = sink
        self.lifecycle = lifecycle
        self.pollTimeoutMilliseconds = pollTimeout.clampedMilliseconds
    }

    func start(name: String) {
        let thread = Thread { [self] in
            // Named from inside: on Linux a name set before start does not reach the OS thread.
            Thread.current.name = name
            run()
        }
        thread.start()
    }

    private func run() {
        let clock = ContinuousClock()
        while lifecycle.withLock({ $0.nextPollAction() }) == .poll {
            gatherBatch()
            sink.flush()
            sink.drainErrors()
            sink.handoff.expireWaiter(now: clock.now)
        }
        close()
    }

    /// Polls up to one batch of messages: waits for the first at most the poll timeout, then
    /// takes only what is ready, so a batch is handed over as soon as nothing more is.
    private func gatherBatch() {
        var timeout = pollTimeoutMilliseconds
        for _ in 0..<sink.maxBatchSize {
            guard let message = rd_kafka_consumer_poll(handle.pointer, timeout) else { return }
            sink.consume(message)
            // The message is ours until rd_kafka_message_destroy; the record copied it.
            rd_kafka_message_destroy(message)
            timeout = 0
        }
    }

    private func close() {
        // Revocation during close runs the rebalance callback on this thread; the hand-off
        // drops its events once the reader is gone.
        let result = rd_kafka_consumer_close(handle.pointer)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            sink.record(KafkaError(.client, resp: result, context: "closing the consumer"))
        }
        sink.flush()
        sink.drainErrors()
        sink.handoff.finish()
        let waiters = lifecycle.withLock { $0.pollThreadFinished() }
        for waiter in waiters { waiter.resume() }
    }
}
