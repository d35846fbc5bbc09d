import Foundation
import Testing
import TestSupport

/// Runs the `store-crash-writer` helper, reads its acknowledgements, and kills it with SIGKILL
/// once `acknowledgements` steps are acknowledged (or at a deadline, should it hang).
enum CrashWriterProcess {
    static let deadline: TimeInterval = 120

    /// The number of the last acknowledged step.
    static func runAndKill(mode: String, path: String, items: Int, acknowledgements: Int) throws -> Int {
        let writer = Process()
        writer.executableURL = try executable()
        writer.arguments = [mode, path, "\(items)"]
        let output = Pipe()
        writer.standardOutput = output
        try writer.run()
        // A writer that hangs is killed at the deadline, which ends the reads below (end of file).
        let pid = writer.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + deadline) { kill(pid, SIGKILL) }

        var acknowledged = -1
        var pending = ""
        while acknowledged + 1 < acknowledgements {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            pending += String(decoding: data, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                acknowledged = Int(pending[..<newline]) ?? acknowledged
                pending = String(pending[pending.index(after: newline)...])
            }
        }
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(writer.terminationReason == .uncaughtSignal)
        #expect(acknowledged + 1 >= acknowledgements, "the writer stopped early")
        return acknowledged
    }

    /// The helper executable, built beside the test bundle by `swift build --build-tests`.
    static func executable() throws -> URL { URL(fileURLWithPath: try BuiltProduct.path("store-crash-writer")) }
}
