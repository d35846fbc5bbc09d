import CRdKafka
import Foundation
import Logging

/// The engine shared by `KafkaProducer` and `KafkaTransactionalProducer`: the handle, the
/// delivery bookkeeping, and the thread that serves delivery reports with `rd_kafka_poll`.
final class ProducerCore: Sendable {
    typealias Lifecycle = Locked<ClientLifecycle<CheckedContinuation<Void, Never>>>
    typealias Tracker = Locked<DeliveryTracker<CheckedContinuation<DeliveryTally, any Error>>>

    let handle: RDKafkaHandle
    let executor: BlockingExecutor
    let logger: Logger
    private let tracker: Tracker
    private let lifecycle: Lifecycle
    /// Senders waiting for room in librdkafka's local queue; the poll thread wakes them each
    /// turn, and sets nil when it exits, after which nobody waits.
    private let roomWaiters: Locked<[CheckedContinuation<Void, Never>]?>
    private let enqueueTimeout: Duration

    init(
        properties: [(String, String)], enqueueTimeout: Duration, pollInterval: Duration,
        logger: Logger, onDelivery: (@Sendable (KafkaDeliveryReport) -> Void)?
    ) throws {
        let tracker = Tracker(DeliveryTracker())
        let callbacks = RDKafkaCallbacks(
            logger: logger,
            onError: { error in
                // Producer errors outside a call are logged; librdkafka retries transient ones
                // and fails the affected records through their delivery reports.
                logger.warning("producer error", metadata: [LogKey.kafkaError: "\(error)"])
            },
            onDelivery: { message in
                let report = KafkaDeliveryReport(message: message)
                onDelivery?(report)
                if let (waiters, tally) = tracker.withLock({ $0.reported(report) }) {
                    for waiter in waiters { waiter.resume(returning: tally) }
                }
            })
        self.handle = try RDKafkaHandle.make(kind: .producer, properties: properties, callbacks: callbacks)
        self.tracker = tracker
        self.lifecycle = Lifecycle(ClientLifecycle())
        self.roomWaiters = Locked([])
        self.enqueueTimeout = enqueueTimeout
        self.executor = BlockingExecutor(label: "backstop.kafka.producer")
        self.logger = logger
        startPollThread(interval: pollInterval.clampedMilliseconds)
    }

    // MARK: Sending

    /// Enqueues `record` and returns its message id; waits, at most `enqueueTimeout`, while
    /// librdkafka's local queue is full.
    func send(_ record: KafkaProducerRecord) async throws -> UInt64 {
        try requireRunning()
        let id = tracker.withLock { $0.willEnqueue() }
        let deadline = ContinuousClock.now.advanced(by: enqueueTimeout)
        while true {
            guard let error = enqueue(record, id: id) else { return id }
            if rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL && ContinuousClock.now < deadline {
                rd_kafka_error_destroy(error)
                await withCheckedContinuation { waiter in
                    let queued = roomWaiters.withLock { waiters in
                        waiters?.append(waiter)
                        return waiters != nil
                    }
                    if !queued { waiter.resume() }
                }
                try requireRunning()
                continue
            }
            tracker.withLock { $0.enqueueFailed() }
            throw KafkaError(.produce, consuming: error, context: "enqueueing a record for \(record.topic)")
        }
    }

    /// `rd_kafka_produceva` with copies of the key and value; nil on success, else the error
    /// (ours to destroy). The headers list is consumed by librdkafka only on success.
    private func enqueue(_ record: KafkaProducerRecord, id: UInt64) -> OpaquePointer? {
        let headers = rd_kafka_headers_new(record.headers.count)!
        for header in record.headers {
            if let value = header.value {
                value.withUnsafeBytes { _ = rd_kafka_header_add(headers, header.name, -1, $0.baseAddress, $0.count) }
            } else {
                rd_kafka_header_add(headers, header.name, -1, nil, 0)
            }
        }
        let error = record.topic.withCString { topic in
            withOptionalBytes(record.key) { key in
                withOptionalBytes(record.value) { value in
                    var arguments = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 8)
                    arguments[0].vtype = RD_KAFKA_VTYPE_TOPIC
                    arguments[0].u.cstr = topic
                    arguments[1].vtype = RD_KAFKA_VTYPE_PARTITION
                    arguments[1].u.i32 = record.partition ?? RD_KAFKA_PARTITION_UA
                    arguments[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    arguments[2].u.i = RD_KAFKA_MSG_F_COPY
                    arguments[3].vtype = RD_KAFKA_VTYPE_KEY
                    arguments[3].u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: key?.baseAddress), size: key?.count ?? 0)
                    arguments[4].vtype = RD_KAFKA_VTYPE_VALUE
                    arguments[4].u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: value?.baseAddress), size: value?.count ?? 0)
                    arguments[5].vtype = RD_KAFKA_VTYPE_OPAQUE
                    arguments[5].u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(id))
                    arguments[6].vtype = RD_KAFKA_VTYPE_HEADERS
                    arguments[6].u.headers = headers
                    arguments[7].vtype = RD_KAFKA_VTYPE_TIMESTAMP
                    arguments[7].u.i64 = record.timestampMilliseconds ?? 0
                    return rd_kafka_produceva(handle.pointer, arguments, arguments.count)
                }
            }
        }
        if error != nil { rd_kafka_headers_destroy(headers) }
        return error
    }

    // MARK: Waiting

    /// Waits until every enqueued record has been reported, at most `timeout`, and returns
    /// the tally of the reports since the previous call.
    func awaitDeliveries(timeout: Duration) async throws -> DeliveryTally {
        try requireRunning()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        return try await withCheckedThrowingContinuation { waiter in
            if let tally = tracker.withLock({ $0.wait(waiter, deadline: deadline) }) {
                waiter.resume(returning: tally)
            }
        }
    }

    /// `rd_kafka_flush`: waits, off the cooperative pool, until librdkafka's queues are empty.
    func flush(timeout: Duration) async throws {
        let handle = handle
        try await executor.run {
            let result = rd_kafka_flush(handle.pointer, timeout.clampedMilliseconds)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.produce, resp: result, context: "flushing within \(timeout)")
            }
        }
    }

    var outstanding: Int { tracker.withLock { $0.outstanding } }

    // MARK: Lifecycle

    func close(timeout: Duration) async throws {
        defer { requestClose(waiter: nil) }
        if lifecycle.withLock({ $0.isRunning }) { try await flush(timeout: timeout) }
        await withCheckedContinuation { requestClose(waiter: $0) }
    }

    func requestClose(waiter: CheckedContinuation<Void, Never>?) {
        switch lifecycle.withLock({ $0.closeRequested(waiter: waiter) }) {
        case .stopPollThread, .wait: break
        case .resumeNow(let waiter): waiter?.resume()
        }
    }

    func requireRunning() throws {
        guard lifecycle.withLock({ $0.isRunning }) else {
            throw KafkaError(.closed, message: "the producer is closed")
        }
    }

    /// The delivery-report thread. It holds the handle strongly until it exits, which it does
    /// within one poll interval of a close request.
    private func startPollThread(interval: Int32) {
        let (handle, tracker, lifecycle, roomWaiters) = (handle, tracker, lifecycle, roomWaiters)
        let thread = Thread {
            // Named from inside: on Linux a name set before start does not reach the OS thread.
            Thread.current.name = "kafka-producer"
            let clock = ContinuousClock()
            while lifecycle.withLock({ $0.nextPollAction() }) == .poll {
                rd_kafka_poll(handle.pointer, interval)
                for waiter in roomWaiters.withLock({ w in defer { w?.removeAll() }; return w ?? [] }) { waiter.resume() }
                for waiter in tracker.withLock({ $0.expire(now: clock.now) }) {
                    waiter.resume(throwing: KafkaError(.timeout, message: "deliveries still outstanding at the deadline"))
                }
            }
            for waiter in roomWaiters.withLock({ w in defer { w = nil }; return w ?? [] }) { waiter.resume() }
            let never = clock.now.advanced(by: .seconds(1 << 40))
            for waiter in tracker.withLock({ $0.expire(now: never) }) {
                waiter.resume(throwing: KafkaError(.closed, message: "the producer closed with deliveries outstanding"))
            }
            for waiter in lifecycle.withLock({ $0.pollThreadFinished() }) { waiter.resume() }
        }
        thread.start()
    }

    deinit {
        requestClose(waiter: nil)
    }
}

/// Calls `body` with the bytes of `bytes`, or nil.
private func withOptionalBytes<T>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}
