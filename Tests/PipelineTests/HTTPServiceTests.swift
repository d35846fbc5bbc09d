import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Entitlements
@testable import Pipeline
import Synchronization
import Testing

/// A probe whose answers the test sets.
final class FixedProbe: ServiceProbe {
    let readinessValue = Mutex<Readiness>(.notReady("mirror building: partitions 0, 1 not caught up"))
    let statusValue: ServiceStatus

    init(status: ServiceStatus) { statusValue = status }

    func readiness() async -> Readiness { readinessValue.withLock { $0 } }
    func status() async -> ServiceStatus { statusValue }
}

/// GETs `path` from the server on `port` with a real HTTP client.
func httpGet(_ port: Int, _ path: String) async throws -> (status: Int, contentType: String?, body: String) {
    let url = URL(string: "http://127.0.0.1:\(port)\(path)")!
    let (data, response) = try await URLSession.shared.data(from: url)
    let http = try #require(response as? HTTPURLResponse)
    return (http.statusCode, http.value(forHTTPHeaderField: "Content-Type"), String(decoding: data, as: UTF8.self))
}

@Suite("HTTP: health, readiness, metrics and status on a free port")
struct HTTPServiceTests {
    @Test("liveness, readiness (503 with a reason, then 200), Prometheus text and status JSON")
    func endpoints() async throws {
        let status = ServiceStatus(
            partitions: [.init(partition: 0, state: "caughtUp", storedOffsets: ["estate.awards": 12], lag: ["estate.awards": 0])],
            controlEnabled: true, controlOffset: 3, store: .init(open: true, claimants: 2, awards: 3, paidMarkers: 1, ledgerEntries: 0, commands: 1),
            runs: [.init(runId: "run-1", type: "ACTIVATE", state: "completed")])
        let probe = FixedProbe(status: status)
        let registry = MetricsRegistry()
        registry.control.decided(decision: "ACCEPTED", reason: "ACTIVATE")
        RunMetrics(factory: registry.factory).finished(.failed(reason: "test"))
        let server = HTTPService(host: "127.0.0.1", port: 0, probe: probe, metrics: registry, logger: quietLogger())
        let task = Task { try await server.run() }
        defer { task.cancel() }
        let port = try #require(await server.boundPort)
        #expect(port > 0)

        let live = try await httpGet(port, "/health/live")
        #expect(live.status == 200)

        let notReady = try await httpGet(port, "/health/ready")
        #expect(notReady.status == 503)
        #expect(notReady.contentType == "application/json")
        let reason = try JSONSerialization.jsonObject(with: Data(notReady.body.utf8)) as? [String: String]
        #expect(reason?["reason"] == "mirror building: partitions 0, 1 not caught up")

        probe.readinessValue.withLock { $0 = .ready }
        #expect(try await httpGet(port, "/health/ready").status == 200)

        let metrics = try await httpGet(port, "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.contentType?.hasPrefix("text/plain") == true)
        #expect(metrics.body.contains(#"backstop_control_decisions_total{decision="ACCEPTED",reason="ACTIVATE"} 1"#))
        #expect(metrics.body.contains(#"backstop_runs_total{outcome="failed"} 1"#))
        #expect(metrics.body.contains("backstop_payments_emitted_total 0"))

        let statusReply = try await httpGet(port, "/status")
        #expect(statusReply.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(statusReply.body.utf8)) as? [String: Any])
        let partitions = try #require(json["partitions"] as? [[String: Any]])
        #expect(partitions.first?["state"] as? String == "caughtUp")
        #expect((json["store"] as? [String: Any])?["awards"] as? Int == 3)
        #expect((json["runs"] as? [[String: Any]])?.first?["runId"] as? String == "run-1")
        #expect(json["controlOffset"] as? Int == 3)
        #expect(json["controlEnabled"] as? Bool == true)

        #expect(try await httpGet(port, "/nothing-here").status == 404)
    }
}
