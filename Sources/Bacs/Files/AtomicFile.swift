import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// Why writing a file failed: the step, the path, and the operating system's error.
public struct FileWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    public let step: String
    public let path: String
    public let errno: Int32

    public var description: String { "cannot \(step) \(path): \(String(cString: strerror(errno)))" }
}

/// Writes a whole file so that no reader ever sees part of it (DESIGN.md 4 step 3): write a
/// temporary name in the same folder, fsync it, rename it over the final name, then fsync
/// the folder so the rename itself survives a crash. The temporary name is hidden
/// (`.<name>.partial`) and is simply overwritten if a crash left one behind.
///
/// These are blocking system calls: callers on the cooperative pool run them on their own
/// thread or executor (STYLE.md 4).
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to url: URL) throws(FileWriteError) {
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(step: "create", path: temporary, errno: errno) }
        do throws(FileWriteError) {
            try writeAll(bytes, to: descriptor, path: temporary)
            guard fsync(descriptor) == 0 else { throw FileWriteError(step: "fsync", path: temporary, errno: errno) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else { throw FileWriteError(step: "close", path: temporary, errno: errno) }
        guard rename(temporary, url.path) == 0 else { throw FileWriteError(step: "rename into place", path: url.path, errno: errno) }
        try syncFolder(folder)
    }

    /// Makes a rename or a creation in `folder` durable.
    public static func syncFolder(_ folder: String) throws(FileWriteError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileWriteError(step: "open folder", path: folder, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw FileWriteError(step: "fsync folder", path: folder, errno: errno) }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(FileWriteError) {
        let result: Int32 = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
        if result != 0 { throw FileWriteError(step: "write", path: path, errno: result) }
    }
}
