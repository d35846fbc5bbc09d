import Foundation

/// VmHWM (peak resident memory) of process `pid`, or of this process, from /proc/PID/status,
/// e.g. "1228436 kB".
func peakResidentMemory(of pid: pid_t? = nil) -> String {
    let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
    guard let status = try? String(contentsOfFile: path, encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "unknown" }
    return line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces)
}
