import Foundation

/// `backstop-bench NAME…|all [--broker embedded|noida] [--claimants N]`: the benchmarks of
/// `make bench`. Each compares Backstop with a raw baseline measured in the same run, and
/// prints both and their ratio (machines here are shared and noisy, so only ratios within one
/// run mean anything). Figures go in benchmarks/RESULTS.md.
///
/// The Kafka benchmarks that take a broker (`BrokerBenchmark`) run on the embedded broker
/// when named, on the one `--broker` names, and on both for `all`: noida-db's runs hold an
/// estate too big for the embedded broker. A noida-db run fails, saying why, when noida-db
/// is not installed; it is never skipped.
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

@MainActor func usage() -> String {
    (["usage: backstop-bench NAME…|all [--broker embedded|noida] [--claimants N]",
      "  --broker: for run-emit and mirror-ingest; default embedded, or both brokers for `all`",
      "  --claimants: the estate size of run-emit and mirror-ingest; default each benchmark's for its broker"]
        + benchmarks.map { "  \($0.name): \($0.summary)" }).joined(separator: "\n")
}

@MainActor func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("backstop-bench: \(message)\n\(usage())\n".utf8))
    exit(2)
}

var names: [String] = []
var brokerChoice: BrokerChoice?
var claimants: Int?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--help":
        print(usage())
        exit(0)
    case "--broker":
        guard let value = arguments.popFirst(), let choice = BrokerChoice(rawValue: value) else { fail("--broker takes embedded or noida") }
        brokerChoice = choice
    case "--claimants":
        guard let value = arguments.popFirst(), let count = Int(value), count > 0 else { fail("--claimants takes a positive whole number") }
        claimants = count
    default:
        names.append(argument)
    }
}
if names.isEmpty { fail("name a benchmark, or all") }
let unknown = names.filter { r in r != "all" && !benchmarks.contains { $0.name == r } }
if !unknown.isEmpty { fail("unknown benchmark \(unknown.joined(separator: ", "))") }
let chosen = names.contains("all") ? benchmarks : benchmarks.filter { names.contains($0.name) }
let brokers = brokerChoice.map { [$0] } ?? (names.contains("all") ? BrokerChoice.allCases : [.embedded])
if (brokerChoice != nil || claimants != nil) && !chosen.contains(where: { $0 is any BrokerBenchmark.Type }) {
    fail("--broker and --claimants apply to run-emit and mirror-ingest only")
}
// A noida-db run that cannot happen fails now, before the other benchmarks take their minutes.
if brokers.contains(.noida) && chosen.contains(where: { $0 is any BrokerBenchmark.Type }) {
    do { try NoidaServer.checkInstalled() } catch {
        FileHandle.standardError.write(Data("backstop-bench: \(error)\n".utf8))
        exit(1)
    }
}

do {
    for b in chosen {
        guard let onBroker = b as? any BrokerBenchmark.Type else {
            print("== \(b.name): \(b.summary)")
            try await b.run()
            continue
        }
        for broker in brokers {
            print("== \(b.name) (\(broker.label)): \(b.summary)")
            try await onBroker.run(on: broker, claimants: claimants)
        }
    }
} catch {
    FileHandle.standardError.write(Data("backstop-bench: \(error)\n".utf8))
    exit(1)
}
