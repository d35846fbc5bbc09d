import Foundation

/// VmHWM (peak resident memory) of process `pid`, or of this process, from /proc/PID/status,
/// e.g. "1228436 kB".
func peakResidentMemory(of pid: pid_t? = nil) -> String {
    let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
    guard let status = try? String(contentsOfFile: path, encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "unknown" }
    return line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces)
}

/// CPU time (user + system) process `pid` has used, from /proc/PID/stat; nil once it is gone.
func cpuSeconds(of pid: pid_t) -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let end = stat.lastIndex(of: ")") else { return nil }
    // After "pid (comm)": state is field 3, utime 14 and stime 15.
    let fields = stat[stat.index(after: end)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}
