import Foundation
import Testing
import TestSupport

/// `backstop demo` as a user runs it, smaller: it must reach COMPLETED, and the files it
/// leaves must pass `backstop verify` against their manifest.
@Suite("backstop demo, as a child process")
struct DemoTests {
    @Test func theDemoRunsToTheEndAndItsFilesVerify() async throws {
        let folder = try TemporaryDirectory()
        let backstop = try BuiltProduct.path("backstop")
        let topics = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("topics/topics.yaml").path
        let out = folder.child("out")
        let demo = try await runProcess(
            backstop, ["demo", "--claimants", "1500", "--seed", "7", "--topics", topics, "--out-dir", out],
            timeout: .seconds(240))
        #expect(demo.status == 0, "demo failed: \(demo.stderr)")
        #expect(demo.stdout.contains("Audit: ACCEPTED then COMPLETED"), "\(demo.stdout)")
        #expect(demo.stdout.contains("Paid "))
        // The window starts today: what can no longer arrive on time is paid late, and said so.
        #expect(demo.stdout.contains("Paid late"), "\(demo.stdout)")

        let runs = try FileManager.default.contentsOfDirectory(atPath: out + "/runs")
        #expect(runs.count == 1)
        let run = out + "/runs/" + runs[0]
        let verify = try await runProcess(backstop, ["verify", "--manifest", run + "/manifest.json"], timeout: .seconds(60))
        #expect(verify.status == 0, "verify: \(verify.stdout)\(verify.stderr)")

        // A second demo clears the first one's folder; a folder it did not make is refused.
        let stranger = folder.child("stranger")
        try FileManager.default.createDirectory(atPath: stranger, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: stranger + "/precious.txt", contents: Data("keep".utf8))
        let refused = try await runProcess(backstop, ["demo", "--claimants", "100", "--topics", topics, "--out-dir", stranger], timeout: .seconds(60))
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("is not a demo's output folder"))
        #expect(FileManager.default.fileExists(atPath: stranger + "/precious.txt"))
    }
}
