import Foundation

/// noida-db's Kafka server (PyPI `noida-db`, pinned 0.2.3 by `make deps` and `.ci/run`), the
/// second broker of the tests (DESIGN.md 7, docs/brokers.md): one broker on a free loopback
/// port, its data in a temporary folder of its own. Tests that need it FAIL, naming what is
/// missing, when it is not installed or cannot run: it is never installed at test time and
/// never skipped silently.
///
/// The binary is started directly (not through the `noida-db` console script, whose Python
/// wrapper would outlive a signal sent to it), from its data folder, bound to 127.0.0.1 only.
/// Foundation's `Process` makes the child a process-group leader, so `stop` signals the group.
public final class NoidaBroker: @unchecked Sendable {
    /// `127.0.0.1:PORT`.
    public let bootstrapServers: String
    private let process: Process
    private let folder: TemporaryDirectory
    private let exited = ExitSignal()

    /// The pinned version (`make deps`, `.ci/run`).
    public static let version = "0.2.3"

    private init(bootstrapServers: String, process: Process, folder: TemporaryDirectory) {
        self.bootstrapServers = bootstrapServers
        self.process = process
        self.folder = folder
    }

    /// Starts the server and returns once it answers a metadata request; then, when
    /// `topicsFile` is given, creates its topics with `backstop topics apply`. Throws
    /// `NoidaUnavailable` (the test fails with its message) when noida-db is missing, exits,
    /// or does not answer within `timeout`.
    public static func start(topicsFile: String? = nil, timeout: Duration = .seconds(30)) async throws -> NoidaBroker {
        let binary = try binaryPath()
        let kcat = try requireTool("kcat")
        let folder = try TemporaryDirectory()
        let port = try freeLoopbackPort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["start", "--only", "kafka", "--kafka-port", String(port), "--host", "127.0.0.1"]
        // Run from the data folder: noida-db keeps `./.noida-db` there.
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        let stderrPath = folder.child("noida.stderr")
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        let broker = NoidaBroker(bootstrapServers: "127.0.0.1:\(port)", process: process, folder: folder)
        process.terminationHandler = { [exited = broker.exited] _ in exited.signal() }
        do {
            try process.runWithDefaultSignalMask()
        } catch {
            throw NoidaUnavailable(reason: "\(binary) could not be started: \(error)")
        }

        // Ready when a metadata request is answered. Each kcat attempt keeps reconnecting for up
        // to 2 s, which paces the loop; the whole wait is bounded by `timeout`.
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            guard process.isRunning else {
                throw NoidaUnavailable(
                    reason: "noida-db exited with status \(process.terminationStatus) before answering: \(broker.stderrText())")
            }
            let probe = try await runProcess(kcat, ["-L", "-b", broker.bootstrapServers, "-m", "2"], timeout: .seconds(10))
            if probe.status == 0 && probe.stdout.contains("broker") { break }
            guard ContinuousClock.now < deadline else {
                await broker.stop()
                throw NoidaUnavailable(
                    reason: "noida-db did not answer a metadata request on \(broker.bootstrapServers) within \(timeout): \(probe.stderr) \(broker.stderrText())")
            }
        }

        if let topicsFile {
            let backstop = try BuiltProduct.path("backstop")
            let applied = try await runProcess(
                backstop, ["topics", "apply", "--bootstrap-servers", broker.bootstrapServers, "--file", topicsFile])
            guard applied.status == 0 else {
                await broker.stop()
                throw NoidaUnavailable(reason: "backstop topics apply failed with status \(applied.status): \(applied.stderr)")
            }
        }
        return broker
    }

    /// Sends SIGTERM to the server's process group and waits for it to exit; past `timeout`
    /// (it saves its data first, which can take seconds) the group is killed.
    public func stop(timeout: Duration = .seconds(10)) async {
        guard process.isRunning else { return }
        let group = process.processIdentifier
        kill(-group, SIGTERM)
        if await exited.wait(timeout: timeout) { return }
        kill(-group, SIGKILL)
        _ = await exited.wait(timeout: .seconds(10))
    }

    /// A test that forgot `stop`, or failed before it, still leaves no server behind.
    deinit {
        if process.isRunning { kill(-process.processIdentifier, SIGKILL) }
    }

    /// What the server wrote to stderr, without the harmless glibc symbol-version warning
    /// the prebuilt binary prints on older glibc.
    private func stderrText() -> String {
        let text = (try? String(contentsOfFile: folder.child("noida.stderr"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.contains("weak version `GLIBC_") }.joined(separator: "\n")
    }

    /// `NOIDA_DB_BINARY`, or the binary inside the installed `noida_db` Python package;
    /// throws `NoidaUnavailable` naming what is missing. The benchmarks' launcher uses it too.
    public static func binaryPath() throws -> String {
        if let override = ProcessInfo.processInfo.environment["NOIDA_DB_BINARY"] {
            guard FileManager.default.isExecutableFile(atPath: override) else {
                throw NoidaUnavailable(reason: "NOIDA_DB_BINARY=\(override) is not an executable file")
            }
            return override
        }
        let python = try requireTool("python3")
        let query = Process()
        query.executableURL = URL(fileURLWithPath: python)
        query.arguments = ["-c", "import noida_db, os; print(os.path.dirname(noida_db.__file__))"]
        let output = Pipe()
        query.standardOutput = output
        query.standardError = FileHandle.nullDevice
        try query.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        query.waitUntilExit()
        let folder = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard query.terminationStatus == 0, !folder.isEmpty else {
            throw NoidaUnavailable(reason: "the Python package noida_db is not installed")
        }
        let binary = folder + "/noida-db"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw NoidaUnavailable(reason: "the noida_db package has no executable \(binary)")
        }
        return binary
    }
}

/// Why noida-db cannot serve a test; the test fails with this message.
public struct NoidaUnavailable: Error, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String {
        "noida-db \(NoidaBroker.version) cannot run: \(reason). The noida-db tests and benchmarks need it: "
            + "`python3 -m pip install noida-db==\(NoidaBroker.version)` (`make deps` installs it)"
    }
}

/// A port the kernel says is free on 127.0.0.1: bind port 0, read the port, close. Another
/// process could take it before noida-db binds it; then noida-db exits and the start fails
/// with its message rather than talking to a stranger.
public func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw NoidaUnavailable(reason: "no socket for finding a free port (errno \(errno))") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw NoidaUnavailable(reason: "binding 127.0.0.1:0 failed (errno \(errno))") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw NoidaUnavailable(reason: "getsockname failed (errno \(errno))") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A one-shot event: the child exited. `wait` returns true if it happened within the timeout.
private final class ExitSignal: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    func signal() {
        semaphore.signal()
    }

    func wait(timeout: Duration) async -> Bool {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        // The blocking wait runs on a dispatch thread, never on the cooperative pool.
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [semaphore] in
                let happened = semaphore.wait(timeout: .now() + seconds) == .success
                if happened { semaphore.signal() }  // a later wait sees it too
                continuation.resume(returning: happened)
            }
        }
    }
}
