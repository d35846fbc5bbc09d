import Foundation
import Hummingbird
import NIOCore

/// The routes of DESIGN.md 7's HTTP service: liveness, readiness, Prometheus metrics, status.
enum HTTPEndpoints {
    static let live = "/health/live"
    static let ready = "/health/ready"
    static let metrics = "/metrics"
    static let status = "/status"

    static func router(probe: any ServiceProbe, metrics: MetricsRegistry) -> Router<BasicRequestContext> {
        let router = Router()
        router.get(RouterPath(live)) { _, _ in
            json(.ok, #"{"status": "live"}"#)
        }
        router.get(RouterPath(ready)) { _, _ in
            switch await probe.readiness() {
            case .ready:
                return json(.ok, #"{"status": "ready"}"#)
            case .notReady(let reason):
                return json(.serviceUnavailable, #"{"status": "not ready", "reason": "# + jsonString(reason) + "}")
            }
        }
        router.get(RouterPath(Self.metrics)) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get(RouterPath(status)) { _, _ in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let body = try encoder.encode(await probe.status())
            return json(.ok, String(decoding: body, as: UTF8.self))
        }
        return router
    }

    private static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    private static func jsonString(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
