import Logging
import ServiceLifecycle

/// Keeps the run stage's `LedgerReadiness` in step with `PartitionOwnership`: a partition the
/// mirror gains has its ledger rebuilt from backstop.payments before any run may cover it, and
/// a partition it loses is no longer ready (DESIGN.md 8). Ownership is looked at every
/// `interval`; a rebuild that fails is tried again at the next look.
public struct LedgerRebuildService: Service {
    public static let defaultInterval: Duration = .milliseconds(200)

    private let ownership: PartitionOwnership
    private let rebuilder: LedgerRebuilder
    private let interval: Duration
    private let logger: Logger

    public init(ownership: PartitionOwnership, rebuilder: LedgerRebuilder, interval: Duration = Self.defaultInterval, logger: Logger) {
        precondition(interval > .zero, "the ownership is looked at after a positive interval")
        self.ownership = ownership
        self.rebuilder = rebuilder
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        // A graceful shutdown cancels the wait between looks: that is the normal end.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await step()
                try await Task.sleep(for: interval)
            }
        }
    }

    /// One look: revoke what is no longer owned, rebuild what is newly owned.
    func step() async {
        let owned = Set(ownership.owned)
        let ready = rebuilder.readiness.readyPartitions
        let lost = ready.subtracting(owned)
        if !lost.isEmpty { rebuilder.readiness.revoke(lost) }
        for partition in owned.subtracting(ready).sorted() where !Task.isCancelled {
            do {
                try await rebuilder.rebuild(partition: partition)
            } catch {
                logger.warning("ledger rebuild failed; retrying", metadata: [
                    ServiceLogKey.kafkaPartition: .stringConvertible(partition), ServiceLogKey.error: .string(String(describing: error)),
                ])
            }
        }
    }
}
