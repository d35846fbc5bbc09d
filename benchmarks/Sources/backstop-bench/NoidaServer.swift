import Foundation
import Kafka
import Logging
import Synchronization
import TestSupport

/// noida-db's Kafka server (PyPI `noida-db`, pinned by `make deps`) for the benchmarks whose
/// estate is too big for the embedded broker: one broker on a free loopback port, run from a
/// temporary folder of its own (it keeps `./.noida-db` there, saving as data changes). The
/// binary inside the installed Python package is started directly, so that a signal to its
/// process group reaches the server itself. When noida-db is missing or does not answer, the
/// benchmark fails with `NoidaUnavailable`, never skipping.
final class NoidaServer: @unchecked Sendable {
    /// `127.0.0.1:PORT`.
    let bootstrapServers: String
    /// The folder it runs in; its data is in `.noida-db` there.
    let folder: URL
    private let process: Process
    private let peaks = Mutex(Peaks())

    /// The most the server has used: VmHWM, and the data folder at its largest, which is while
    /// the server saves (it writes the new file beside the old one).
    /// Also the CPU time it has used (user + system), which its saving adds to.
    struct Peaks: Sendable {
        var memory = "unknown"
        var dataBytes = 0
        var cpuSeconds = 0.0
    }

    private init(bootstrapServers: String, folder: URL, process: Process) {
        self.bootstrapServers = bootstrapServers
        self.folder = folder
        self.process = process
    }

    /// Starts the server and returns once it answers a metadata request within `timeout`.
    static func start(logger: Logger, timeout: Duration = .seconds(30)) async throws -> NoidaServer {
        let binary = try NoidaBroker.binaryPath()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backstop-bench-noida-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let port = try freeLoopbackPort()
        let stderrURL = folder.appendingPathComponent("noida.stderr")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["start", "--only", "kafka", "--kafka-port", String(port), "--host", "127.0.0.1"]
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        do {
            try process.runWithDefaultSignalMask()
        } catch {
            throw NoidaUnavailable(reason: "\(binary) could not be started: \(error)")
        }
        let server = NoidaServer(bootstrapServers: "127.0.0.1:\(port)", folder: folder, process: process)
        // Twice a second until it exits; `stop` samples faster while it saves.
        Task.detached { [weak server] in
            while server?.sample() == true { try? await Task.sleep(for: .milliseconds(500)) }
        }

        var configuration = KafkaAdminConfiguration(bootstrapServers: [server.bootstrapServers])
        configuration.requestTimeout = .seconds(2)
        let admin = try KafkaAdmin.make(configuration: configuration, logger: Logger(label: "bench.noida", factory: { _ in SwiftLogNoOpLogHandler() }))
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while (try? await admin.clusterMetadata()) == nil {
            guard process.isRunning else {
                throw NoidaUnavailable(reason: "it exited with status \(process.terminationStatus) before answering: \(server.stderrText())")
            }
            guard ContinuousClock.now < deadline else {
                await server.stop()
                throw NoidaUnavailable(reason: "it did not answer a metadata request on \(server.bootstrapServers) within \(timeout): \(server.stderrText())")
            }
        }
        logger.info("noida-db serving", metadata: ["kafka.bootstrap": .string(server.bootstrapServers), "folder": .string(folder.path)])
        return server
    }

    /// The server's process id (for /proc).
    var processIdentifier: pid_t { process.processIdentifier }

    /// Bytes under `.noida-db`, where the server keeps its data.
    var dataBytes: Int { directoryBytes(folder.appendingPathComponent(".noida-db")) }

    /// The peaks sampled so far (and now).
    var peak: Peaks {
        sample()
        return peaks.withLock { $0 }
    }

    /// Records the server's VmHWM and data folder size; false once it has exited (its VmHWM
    /// is then the last one read).
    @discardableResult
    private func sample() -> Bool {
        let running = process.isRunning
        let memory = peakResidentMemory(of: process.processIdentifier)
        let cpu = cpuSeconds(of: process.processIdentifier)
        let bytes = dataBytes
        peaks.withLock { peaks in
            if memory != "unknown" { peaks.memory = memory }
            if let cpu { peaks.cpuSeconds = max(peaks.cpuSeconds, cpu) }
            peaks.dataBytes = max(peaks.dataBytes, bytes)
        }
        return running
    }

    /// SIGTERM to the server's process group (Foundation makes the child a group leader); it
    /// saves its data before it exits. Past `grace`, SIGKILL. Returns how long it took to exit.
    @discardableResult
    func stop(grace: Duration = .seconds(120)) async -> Duration {
        let started = ContinuousClock.now
        guard process.isRunning else { return .zero }
        let group = process.processIdentifier
        kill(-group, SIGTERM)
        let deadline = started.advanced(by: grace)
        while sample() && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(-group, SIGKILL)
            process.waitUntilExit()
        }
        return ContinuousClock.now - started
    }

    /// Removes the server's folder; call after `stop`.
    func removeData() {
        try? FileManager.default.removeItem(at: folder)
    }

    deinit {
        if process.isRunning { kill(-process.processIdentifier, SIGKILL) }
    }

    /// What the server wrote to stderr, without the glibc symbol-version warning the prebuilt
    /// binary prints on Debian 12.
    private func stderrText() -> String {
        let text = (try? String(contentsOf: folder.appendingPathComponent("noida.stderr"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.contains("weak version `GLIBC_") }.joined(separator: "\n")
    }

    /// Fails now, naming what is missing, if the server could not be started later.
    static func checkInstalled() throws { _ = try NoidaBroker.binaryPath() }
}

/// The bytes of every regular file under `url`.
func directoryBytes(_ url: URL) -> Int {
    guard let walk = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey]) else { return 0 }
    var total = 0
    for case let file as URL in walk {
        total += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
    }
    return total
}
