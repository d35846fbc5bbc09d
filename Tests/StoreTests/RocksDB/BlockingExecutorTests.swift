import Foundation
import Testing
import TestSupport
@testable import Store

@Suite("Blocking executor")
struct BlockingExecutorTests {
    @Test("jobs run in order on the executor's own thread, and results and errors come back")
    func runsInOrder() async throws {
        let executor = BlockingExecutor.start(name: "store-test")
        defer { executor.shutdown() }
        #expect(!executor.isCurrentThread)
        #expect(try await executor.run { executor.isCurrentThread })
        #if os(Linux)
        let name = try await executor.run {
            try String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
        }
        #expect(name == "store-test\n")
        #endif

        // Fifty concurrent callers: the jobs run one at a time, never two at once.
        let tracker = Tracker()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<50 {
                group.addTask {
                    try await executor.run {
                        tracker.enter()
                        defer { tracker.leave() }
                        return (0..<10_000).reduce(index, &+)
                    }
                }
            }
            var results = 0
            for try await _ in group { results += 1 }
            #expect(results == 50)
        }
        #expect(tracker.maximumInFlight == 1)
        #expect(tracker.entered == 50)

        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await executor.run { throw Boom() } }
    }

    @Test("a database write runs through the executor")
    func databaseThroughExecutor() async throws {
        let directory = try TemporaryDirectory()
        let database = try Database.open(at: directory.child("db"))
        let executor = BlockingExecutor.start(name: "store-test-db")
        defer { executor.shutdown() }
        try await executor.run { try database.put("k".bytes, "v".bytes, in: database.defaultColumnFamily, sync: true) }
        let value = try await executor.run { try database.get("k".bytes, in: database.defaultColumnFamily) }
        #expect(value == "v".bytes)
    }

    @Test("after shutdown, jobs are refused")
    func refusesAfterShutdown() async throws {
        let executor = BlockingExecutor.start(name: "store-test-stop")
        #expect(try await executor.run { 1 } == 1)
        executor.shutdown()
        let error = await #expect(throws: RocksDBError.self) { try await executor.run { 2 } }
        #expect(error?.code == .shutdownInProgress)
    }
}

/// Counts jobs running at the same moment, from the executor's thread.
private final class Tracker: @unchecked Sendable {
    private let lock = NSLock()
    private var inFlight = 0
    private(set) var maximumInFlight = 0
    private(set) var entered = 0
    func enter() { lock.withLock { inFlight += 1; entered += 1; maximumInFlight = max(maximumInFlight, inFlight) } }
    func leave() { lock.withLock { inFlight -= 1 } }
}
