import Foundation

/// A long-running child process whose stdout is read line by line as it arrives, for
/// commands that announce something and then serve (`backstop dev-broker`).
public final class LineReadingChild: @unchecked Sendable {
    public enum Status: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
    }

    private let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var buffer = Data()
    private var lineWaiter: CheckedContinuation<String, any Error>?
    private var exitWaiter: CheckedContinuation<Status, Never>?
    private var status: Status?

    public init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            self?.received(handle.availableData)
        }
        process.terminationHandler = { [weak self] process in
            let status: Status =
                process.terminationReason == .exit
                ? .exited(process.terminationStatus) : .signalled(process.terminationStatus)
            self?.exited(status)
        }
        try process.runWithDefaultSignalMask()
    }

    /// The first line of stdout; throws if none came within `timeout` (the child is killed).
    public func firstLine(within timeout: Duration) async throws -> String {
        // The kill guards only the wait for the line: once the line is in, it is called off,
        // so a test that goes on using the child is not cut short at this deadline.
        let guardKill = scheduleKill(after: timeout)
        defer { guardKill.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            lineWaiter = continuation
            lock.unlock()
            received(Data())
        }
    }

    /// Sends SIGTERM and waits for the exit, killing the child if it outlives `timeout`.
    public func terminate(within timeout: Duration) async throws -> Status {
        process.terminate()
        let guardKill = scheduleKill(after: timeout)
        defer { guardKill.cancel() }
        return await withCheckedContinuation { continuation in
            lock.lock()
            if let status {
                lock.unlock()
                continuation.resume(returning: status)
                return
            }
            exitWaiter = continuation
            lock.unlock()
        }
    }

    /// Waits for the child to exit of its own accord (e.g. a crash it was told to stage),
    /// killing it if it is still running after `timeout`; returns how it ended.
    public func exit(within timeout: Duration) async -> Status {
        scheduleKill(after: timeout)
        return await withCheckedContinuation { continuation in
            lock.lock()
            if let status {
                lock.unlock()
                continuation.resume(returning: status)
                return
            }
            exitWaiter = continuation
            lock.unlock()
        }
    }

    public func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// Kills the child after `timeout` unless the returned work item is cancelled first.
    private func scheduleKill(after timeout: Duration) -> DispatchWorkItem {
        let kill = DispatchWorkItem { [weak self] in self?.kill() }
        DispatchQueue.global().asyncAfter(deadline: .now() + Double(timeout.components.seconds), execute: kill)
        return kill
    }

    private func received(_ data: Data) {
        lock.lock()
        buffer.append(data)
        guard let waiter = lineWaiter, let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) else {
            lock.unlock()
            return
        }
        lineWaiter = nil
        let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
        lock.unlock()
        waiter.resume(returning: line)
    }

    private func exited(_ status: Status) {
        lock.lock()
        self.status = status
        let (line, exit) = (lineWaiter, exitWaiter)
        lineWaiter = nil
        exitWaiter = nil
        lock.unlock()
        line?.resume(throwing: ChildExited(status: status))
        exit?.resume(returning: status)
    }
}

public struct ChildExited: Error {
    public let status: LineReadingChild.Status
}
