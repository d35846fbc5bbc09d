import Foundation
import Testing
import TestSupport
@testable import Bacs
@testable import Entitlements

/// `backstop verify` as a real child process: the binary sits beside the test bundle under .build.
@Suite("backstop verify, as a child process")
struct VerifyCommandTests {
    static func backstopBinary() throws -> URL { URL(fileURLWithPath: try BuiltProduct.path("backstop")) }

    /// Runs `backstop verify` with arguments; returns its exit status and standard output.
    func verify(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try Self.backstopBinary()
        process.arguments = ["verify"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("accepts the reference file with status 0")
    func acceptsReference() throws {
        let path = Fixtures.folder.appendingPathComponent("reference.std18").path
        let (status, output) = try verify([path])
        #expect(status == 0)
        #expect(output == "\(path): valid, serial 000001, processing day 2026-03-31, 2 credits, £1,362.60\n")
    }

    @Test("rejects a damaged file with a non-zero status, naming the line and field")
    func rejectsDamaged() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = try Fixtures.bytes("reference.std18")
        bytes[4 * 82 + 3 * 102 + 2 * 82 + 17] = UInt8(ascii: "9")   // UTL1 credit total, position 18
        let damaged = folder.appendingPathComponent("damaged.std18")
        try Data(bytes).write(to: damaged)
        let (status, output) = try verify([damaged.path])
        #expect(status == 1)
        #expect(output.contains("\(damaged.path): line 10, credit total (18–30): is 9000000136260 but the file holds 136260"))
        #expect(output.hasSuffix("1 problem found\n"))
    }

    @Test("checks a run folder against its manifest, and fails when a file was changed")
    func manifest() throws {
        var g = SeededGenerator(seed: 77)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = RunWriter(runID: "cli", settings: try referenceSettings(maximumItemsPerFile: 10), calendar: PaymentCalendar(),
                               creationDate: day("2026-03-26"), folder: folder)
        let manifest = try writer.writeAll(duePaymentsByPartition: [0: randomPayments(25, using: &g)], window: nil, modulusChecksApplied: false)
        let manifestPath = folder.appendingPathComponent("manifest.json").path
        let good = try verify(["--manifest", manifestPath])
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.split(separator: "\n").count == manifest.files.count)

        let victim = folder.appendingPathComponent(manifest.files[1].file)
        let text = try String(contentsOf: victim, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "DWP BENEFITS", with: "DWP BENEFIT5").utf8).write(to: victim)
        let bad = try verify(["--manifest", manifestPath])
        #expect(bad.status == 1)
        #expect(bad.output.contains("\(victim.path): has SHA-256 "))
    }
}
