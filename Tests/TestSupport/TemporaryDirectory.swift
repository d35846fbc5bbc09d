import Foundation

/// A fresh directory under the system's temporary folder, removed when the value is released.
/// Each test makes its own, so tests run in parallel without sharing files.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("backstop-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A path inside the directory (not created).
    public func child(_ name: String) -> String { path + "/" + name }
}
