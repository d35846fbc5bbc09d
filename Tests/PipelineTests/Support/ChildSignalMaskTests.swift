import Foundation
import Testing
import TestSupport

/// Children started by the test helpers can be stopped with SIGTERM: their signal mask is
/// clear, whatever the spawning (Swift concurrency) thread blocks.
@Suite("Test children start with no signal blocked")
struct ChildSignalMaskTests {
    @Test("runProcess and LineReadingChild children have an empty blocked-signal mask")
    func emptyMask() async throws {
        let grep = try requireTool("grep")
        let ran = try await runProcess(grep, ["SigBlk", "/proc/self/status"])
        #expect(ran.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "SigBlk:\t0000000000000000", "\(ran.stdout)")
        let child = try LineReadingChild(grep, ["SigBlk", "/proc/self/status"])
        #expect(try await child.firstLine(within: .seconds(30)) == "SigBlk:\t0000000000000000")
    }
}
