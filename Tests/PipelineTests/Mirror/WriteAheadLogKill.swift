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

/// Sends SIGKILL to `child` as soon as the store's write-ahead log passes `threshold` bytes.
/// It waits on inotify events of the store folder (each write to the log is one), not on a
/// timer, from a thread of its own: the ingest crosses the crash tests' whole threshold range in
/// about a second, and a loaded suite can starve the cooperative pool for longer than that, so
/// a watcher on the pool could come too late, when the ingest has finished. Throws if the log
/// has not passed the threshold within `timeout`.
func killWhenWriteAheadLog(of store: String, passes threshold: Int, _ child: LineReadingChild, within timeout: Duration) async throws {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    let passed: Bool = await withCheckedContinuation { continuation in
        let watcher = Thread {
            let passed = FolderEvents.wait(in: store, until: deadline) { writeAheadLogBytes(store) >= threshold }
            if passed { child.kill() }
            continuation.resume(returning: passed)
        }
        watcher.name = "write-ahead-log watcher"
        watcher.start()
    }
    guard passed else { throw MirrorDeadlinePassed(waitingFor: "the write-ahead log of \(store) to pass \(threshold) bytes") }
}

/// Blocking waits on a folder's inotify events.
enum FolderEvents {
    /// Returns true once `condition` holds, checking it at once and after each batch of events
    /// (files created or written) in `folder`, or in its parent while `folder` does not exist
    /// yet; false when `deadline` passes first.
    static func wait(in folder: String, until deadline: ContinuousClock.Instant, _ condition: () -> Bool) -> Bool {
        let events = inotify_init1(Int32(IN_CLOEXEC))
        precondition(events >= 0, "inotify_init1 failed (errno \(errno))")
        defer { close(events) }
        let mask = UInt32(IN_MODIFY) | UInt32(IN_CREATE)
        var watchingFolder = false
        let parent = (folder as NSString).deletingLastPathComponent
        precondition(inotify_add_watch(events, parent, mask) >= 0, "cannot watch \(parent) (errno \(errno))")
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            // Watch before checking, so that no write between the check and the wait is missed.
            if !watchingFolder { watchingFolder = inotify_add_watch(events, folder, mask) >= 0 }
            if condition() { return true }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return false }
            var descriptor = pollfd(fd: events, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
            if poll(&descriptor, 1, milliseconds) > 0 {
                _ = read(events, &buffer, buffer.count)
            }
        }
    }
}
