import Foundation

/// One dedicated thread that runs blocking work (synchronous RocksDB writes with fsync,
/// compactions, checkpoints) in submission order, so that async callers never block a thread of
/// Swift's cooperative pool (STYLE.md 4). Callers `await run { … }`; the thread runs the closure
/// and resumes them with its result.
///
/// Serial on purpose: the entitlement store's writes are ordered (offsets advance in order), and
/// RocksDB already runs flushes and compactions on its own background threads.
/// The queue holds one job per suspended caller, so its length is bounded by the callers.
/// Jobs are not cancellable once queued: a RocksDB call cannot be interrupted.
public final class BlockingExecutor: @unchecked Sendable {
    private enum State {
        case running
        /// `shutdown()` was called: queued jobs still run, new ones are refused.
        case draining
        case stopped
    }

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var jobs: [() -> Void] = []
    private var state = State.running
    /// The executor's thread, once it runs; guarded by `condition`.
    private var thread: pthread_t?
    public let name: String

    private init(name: String) {
        self.name = name
    }

    /// Starts an executor and its thread, named `name` (visible in `top -H` and debuggers).
    public static func start(name: String) -> BlockingExecutor {
        let executor = BlockingExecutor(name: name)
        let thread = Thread { executor.loop() }
        thread.start()
        return executor
    }

    /// Runs `job` on the executor's thread and returns its result to the awaiting caller.
    /// Throws `RocksDBError` `shutdownInProgress` when the executor was shut down.
    public func run<Result: Sendable>(_ job: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let accepted = enqueue {
                continuation.resume(with: Swift.Result { try job() })
            }
            if !accepted {
                continuation.resume(throwing: RocksDBError(
                    code: .shutdownInProgress, message: "executor \(name) is shut down", operation: .schedule, path: ""))
            }
        }
    }

    /// Refuses new jobs, lets the queued ones finish, and returns when the thread has ended.
    /// The owner (the store's service, last in the shutdown order) calls it once; until then the
    /// thread lives. Calling it from a job would wait for itself, so that is a programmer error.
    public func shutdown() {
        precondition(!isCurrentThread, "BlockingExecutor.shutdown() called from one of its own jobs")
        condition.lock()
        if state == .running { state = .draining }
        condition.broadcast()
        while state != .stopped { condition.wait() }
        condition.unlock()
    }

    private func enqueue(_ job: @escaping () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard state == .running else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Whether the caller is running on this executor's thread (for preconditions and tests).
    public var isCurrentThread: Bool {
        condition.lock()
        defer { condition.unlock() }
        return thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    /// Names the calling thread for `top -H`, `ps -L` and debuggers. Through the OS, because
    /// corelibs Foundation does not reliably apply `Thread.name`; Linux keeps 15 bytes of it, and
    /// Glibc's `pthread_setname_np` is not visible to Swift, so the name goes to the thread's
    /// `comm` file. Best effort: an unnamed thread works the same.
    private static func nameCurrentThread(_ name: String) {
        #if os(Linux)
        let bytes = Data(name.utf8.prefix(15))
        if let file = FileHandle(forWritingAtPath: "/proc/thread-self/comm") {
            try? file.write(contentsOf: bytes)
            try? file.close()
        }
        #elseif canImport(Darwin)
        pthread_setname_np(name)
        #endif
    }

    private func loop() {
        Self.nameCurrentThread(name)
        condition.lock()
        thread = pthread_self()
        condition.unlock()
        while true {
            condition.lock()
            while jobs.isEmpty && state == .running { condition.wait() }
            if jobs.isEmpty {
                state = .stopped
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
