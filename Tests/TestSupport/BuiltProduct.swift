import Foundation

/// Executables built beside the test bundle by `swift build --build-tests` (`make test` does
/// this): `backstop` for end-to-end tests, and helpers such as `store-crash-writer`.
public enum BuiltProduct {
    /// The full path of product `name`; throws (the test fails, never passes silently) if it is
    /// not built.
    public static func path(_ name: String) throws -> String {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent(name).path }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw MissingTool(name: "\(name) (build it with `swift build --build-tests`; looked in \(candidates))")
    }
}
