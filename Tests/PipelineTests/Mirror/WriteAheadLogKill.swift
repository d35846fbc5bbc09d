import Foundation
import TestSupport

/// The bytes of RocksDB's write-ahead logs (`*.log`) in a store folder: it grows with every
/// synced store write, so it tells how far a mirror's ingest has gone without opening the store
/// (the mirror holds its lock).
func writeAheadLogBytes(_ store: String) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: store)) ?? []
    return names.filter { $0.hasSuffix(".log") }.compactMap {
        (try? FileManager.default.attributesOfItem(atPath: store + "/" + $0))?[.size] as? Int
    }.reduce(0, +)
}

/// Sends SIGKILL to `child` as soon as the store's write-ahead log passes `threshold` bytes,
/// watching from a thread of its own: the ingest crosses the crash tests' whole threshold range
/// in about a second, and a loaded suite can starve the cooperative pool for longer than that,
/// so a watcher on the pool can come too late, when the ingest has finished. Throws if the log
/// has not passed the threshold within `timeout`.
func killWhenWriteAheadLog(of store: String, passes threshold: Int, _ child: LineReadingChild, within timeout: Duration) async throws {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    let passed: Bool = await withCheckedContinuation { continuation in
        let watcher = Thread {
            while writeAheadLogBytes(store) < threshold {
                guard ContinuousClock.now < deadline else {
                    continuation.resume(returning: false)
                    return
                }
                // A bounded poll, 2 ms apart: a small part of the second the ingest takes to cross the range.
                Thread.sleep(forTimeInterval: 0.002)
            }
            child.kill()
            continuation.resume(returning: true)
        }
        watcher.name = "write-ahead-log watcher"
        watcher.start()
    }
    guard passed else { throw MirrorDeadlinePassed(waitingFor: "the write-ahead log of \(store) to pass \(threshold) bytes") }
}
