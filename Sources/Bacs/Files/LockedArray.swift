import Foundation

/// Results filled in concurrently, one slot per task.
final class LockedArray<Element: Sendable>: @unchecked Sendable {
    /// Guards `storage`.
    private let lock = NSLock()
    private var storage: [Element]

    init(count: Int, empty: Element) { storage = Array(repeating: empty, count: count) }

    func set(_ index: Int, _ value: Element) { lock.withLock { storage[index] = value } }

    var values: [Element] { lock.withLock { storage } }
}
