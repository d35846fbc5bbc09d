import Foundation

/// `backstop-bench NAME…|all`: the benchmarks of `make bench`. Each compares Backstop with a raw
/// baseline measured in the same run, and prints both and their ratio (machines here are shared
/// and noisy, so only ratios within one run mean anything). Figures go in benchmarks/RESULTS.md.
protocol Benchmark {
    static var name: String { get }
    static var summary: String { get }
    static func run() async throws
}

let benchmarks: [any Benchmark.Type] = [
    KafkaConsumeBench.self,
    BacsWriteBench.self,
    RunEmitBench.self,
    MirrorIngestBench.self,
]

let requested = Array(CommandLine.arguments.dropFirst())
if requested.isEmpty || requested.contains("--help") {
    print("usage: backstop-bench NAME…|all")
    for b in benchmarks { print("  \(b.name): \(b.summary)") }
    exit(requested.isEmpty ? 2 : 0)
}
let chosen = requested.contains("all") ? benchmarks : benchmarks.filter { requested.contains($0.name) }
let unknown = requested.filter { r in r != "all" && !benchmarks.contains { $0.name == r } }
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("backstop-bench: unknown benchmark \(unknown.joined(separator: ", "))\n".utf8))
    exit(2)
}
for b in chosen {
    print("== \(b.name): \(b.summary)")
    try await b.run()
}
