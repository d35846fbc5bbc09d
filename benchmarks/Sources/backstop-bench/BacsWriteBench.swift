import Bacs
import Entitlements
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `bacs-write`: a day's 2,500,000 payments written as Standard 18 files with manifest and
/// report (plan, order by paymentId, encode, SHA-256, atomic write with fsync), against the
/// raw floor: the same number of bytes in the same number of files, written sequentially
/// from a ready buffer and fsynced. Goal: within 2× of the floor.
enum BacsWriteBench: Benchmark {
    static let name = "bacs-write"
    static let summary = "2,500,000 payments as Standard 18 files + manifest vs the same bytes written sequentially with fsync"

    static let paymentCount = 2_500_000
    static let partitions = 12
    static let paymentDate = try! CalendarDate("2026-12-01")
    static let rounds = 3

    static func run() async throws {
        let byPartition = makePayments()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backstop-bench-bacs-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runFolder = folder.appendingPathComponent("run"), rawFolder = folder.appendingPathComponent("raw")

        let settings = try BacsSettings(
            sun: ServiceUserNumber("123456"), originatingSortCode: SortCode("200000"), originatingAccount: AccountNumber("12345678"),
            serviceUserName: "DWP", contraNarrative: "DWP BENEFITS", contraAccountName: "DWP")
        let writer = RunWriter(runID: "bench", settings: settings, calendar: PaymentCalendar(),
                               creationDate: try CalendarDate("2026-11-27"), folder: runFolder)

        // Machines here are shared: run both sides several times, alternating, and compare
        // the best of each, which is the least disturbed by other work.
        let clock = ContinuousClock()
        var backstopBest = Duration.seconds(Int64.max), rawBest = Duration.seconds(Int64.max)
        var backstopCPUBest = Double.infinity, rawCPUBest = Double.infinity
        var manifest: RunManifest?
        var sizes: [Int] = []
        for round in 1...rounds {
            try? FileManager.default.removeItem(at: runFolder)
            try? FileManager.default.removeItem(at: rawFolder)
            try FileManager.default.createDirectory(at: rawFolder, withIntermediateDirectories: true)
            let backstopCPUBefore = processCPUSeconds()
            let backstop = try clock.measure {
                manifest = try writer.writeAll(duePaymentsByPartition: byPartition, window: nil, modulusChecksApplied: false)
            }
            let backstopCPU = processCPUSeconds() - backstopCPUBefore
            let names = try FileManager.default.contentsOfDirectory(atPath: runFolder.path).filter { !$0.hasPrefix(".") }
            sizes = try names.map { try FileManager.default.attributesOfItem(atPath: runFolder.appendingPathComponent($0).path)[.size] as! Int }
            let rawCPUBefore = processCPUSeconds()
            let raw = try clock.measure { try writeRaw(sizes: sizes, folder: rawFolder) }
            let rawCPU = processCPUSeconds() - rawCPUBefore
            print("round \(round): backstop \(seconds(backstop)) s (CPU \(String(format: "%.3f", backstopCPU)) s), "
                  + "raw \(seconds(raw)) s (CPU \(String(format: "%.3f", rawCPU)) s), ratio \(String(format: "%.2f", backstop / raw))×")
            backstopBest = min(backstopBest, backstop)
            backstopCPUBest = min(backstopCPUBest, backstopCPU)
            rawCPUBest = min(rawCPUBest, rawCPU)
            rawBest = min(rawBest, raw)
        }
        guard let manifest else { return }
        print("payments: \(manifest.totals.count) in \(manifest.files.count) Standard 18 files, \(manifest.totals.totalPence.formatted); \(sizes.count) files, \(sizes.reduce(0, +)) bytes in all")
        print("backstop (plan, encode, sha256, atomic write + fsync, manifest, report), best of \(rounds): \(seconds(backstopBest)) s")
        print("raw (same bytes, same file count, sequential write + fsync), best of \(rounds):         \(seconds(rawBest)) s")
        print("ratio: \(String(format: "%.2f", backstopBest / rawBest))× (goal within 2×)")
        print("CPU time (all threads), best of \(rounds): backstop \(String(format: "%.3f", backstopCPUBest)) s, raw \(String(format: "%.3f", rawCPUBest)) s")
    }

    /// Paid payments spread over partitions, one payment date; realistic names and amounts.
    static func makePayments() -> [Int: [DuePayment]] {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let prefixes = ["AB", "HL", "JK", "CE", "PR", "WX", "SN", "TM"]
        let names = ["J SMITH", "A N OTHER", "MRS M JONES", "R PATEL", "O BRIEN-JONES", "K WILLIAMS", "S & J TAYLOR"]
        var byPartition: [Int: [DuePayment]] = [:]
        for index in 0..<paymentCount {
            let random = next()
            let awardID = try! AwardID("AW\(index)")
            let digits = String(100_000 + Int((random >> 8) % 900_000))
            let nino = try! NINO(prefixes[Int(random % 8)] + digits + ["A", "B", "C", "D"][Int((random >> 40) % 4)])
            let bank = BankDetails(sortCode: try! SortCode(String(100_000 + Int((random >> 16) % 900_000))),
                                   accountNumber: try! AccountNumber(String(10_000_000 + Int((random >> 24) % 90_000_000))),
                                   accountName: names[Int((random >> 32) % UInt64(names.count))])
            let payment = DuePayment(
                paymentID: PaymentID(awardID: awardID, dueDate: paymentDate), awardID: awardID, nino: nino,
                benefit: Benefit.allCases[Int((random >> 48) % UInt64(Benefit.allCases.count))], dueDate: paymentDate, paymentDate: paymentDate,
                amount: Pence(Int64(5_000 + (random >> 20) % 120_000)), disposition: .pay(bank))
            byPartition[index % partitions, default: []].append(payment)
        }
        return byPartition
    }

    /// Writes files of the given sizes from one ready buffer: write, fsync, close.
    static func writeRaw(sizes: [Int], folder: URL) throws {
        let buffer = [UInt8](repeating: UInt8(ascii: "0"), count: sizes.max() ?? 0)
        for (index, size) in sizes.enumerated() {
            let path = folder.appendingPathComponent("raw-\(index)").path
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            var offset = 0
            try buffer.withUnsafeBytes { pointer in
                while offset < size {
                    let written = write(descriptor, pointer.baseAddress! + offset, size - offset)
                    guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            close(descriptor)
        }
    }

    /// User and system CPU time of the whole process (every thread), in seconds.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
