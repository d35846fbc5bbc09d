import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The HTTP endpoints as a service of the process's `ServiceGroup`: started last, stopped
/// first. Port 0 binds any free port; the bound port is logged and available as `boundPort`.
public final class HTTPService: Service {
    private let application: Application<RouterResponder<BasicRequestContext>>
    private let bound: AsyncStream<Int>
    private let boundContinuation: AsyncStream<Int>.Continuation

    public init(host: String, port: Int, probe: any ServiceProbe, metrics: MetricsRegistry, logger: Logger) {
        precondition(ServiceConfiguration.Limits.httpPort.contains(port), "a port is within 0...65535")
        let (stream, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        bound = stream
        boundContinuation = continuation
        application = Application(
            router: HTTPEndpoints.router(probe: probe, metrics: metrics),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "backstop"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? -1
                logger.notice("http serving", metadata: [ServiceLogKey.httpHost: .string(host), ServiceLogKey.httpPort: .stringConvertible(port)])
                continuation.yield(port)
                continuation.finish()
            },
            logger: logger)
    }

    public func run() async throws {
        defer { boundContinuation.finish() }
        try await application.run()
    }

    /// The port the server listens on, once it does; nil if it stopped before binding.
    public var boundPort: Int? {
        get async {
            for await port in bound { return port }
            return nil
        }
    }
}
