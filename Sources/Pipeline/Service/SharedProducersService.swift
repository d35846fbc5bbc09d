import Logging
import ServiceLifecycle

/// The producers several stages share: the audit sink (control stage and run stage) and the
/// payment producers (run stage). It stands before those stages in the service group, so a
/// graceful shutdown reaches it after they have stopped; it then closes them, flushing what
/// they still hold, instead of leaving them connected until the process exits.
struct SharedProducersService: Service {
    let audit: KafkaAuditSink
    let output: PaymentOutput
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        await output.close()
        do { try await audit.close() } catch {
            logger.warning("audit producer did not close cleanly", metadata: [RunLogKey.error: "\(error)"])
        }
    }
}
