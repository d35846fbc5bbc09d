import Bacs
import Entitlements
import Foundation

/// Everything the run stage is configured with (STYLE.md 12), validated once by `validate()`.
public struct RunSettings: Sendable {
    public var rules: PaymentRules
    public var bacs: BacsSettings
    /// The output folder: runs go under `runs/<runId>/`, dry runs under `dry-runs/<commandId>/`.
    public var outputFolder: URL
    /// The consumer group of this deployment; it names the transactional ids
    /// (`backstop-<group>-p<partition>`, see `PaymentOutput`).
    public var group: String
    public var paymentsTopic = "backstop.payments"
    public var batchesTopic = "backstop.batches"
    /// How long a run waits for every owned partition to be caught up before it fails. Default 10 min.
    public var catchUpTimeout: Duration = .seconds(600)
    /// How often that wait looks again. Default 100 ms.
    public var catchUpPollInterval: Duration = .milliseconds(100)
    /// Attempts at one batch's transaction (a fatal producer error recreates the producer, an
    /// abortable one aborts) before the run fails. Default 5.
    public var emitAttempts = 5
    /// Pause before the second attempt, doubled for each later one. Default 500 ms.
    public var retryBackoff: Duration = .milliseconds(500)
    /// Partitions emitting at once (each has its own transactional producer); within a
    /// partition batches are strictly sequential. A HALT stops the run after the batches in
    /// flight, so at most this many. Default 8.
    public var partitionsInFlight = 8
    /// Partitions whose schedule is computed at once (store walks on dispatch threads).
    /// Default: the number of cores.
    public var scheduleConcurrency = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// How long reading a partition of backstop.batches or backstop.payments to its end may take. Default 5 min.
    public var readTimeout: Duration = .seconds(300)

    public init(rules: PaymentRules, bacs: BacsSettings, outputFolder: URL, group: String) {
        self.rules = rules
        self.bacs = bacs
        self.outputFolder = outputFolder
        self.group = group
    }

    public func validate() throws(RunConfigurationError) {
        guard !group.isEmpty, group.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw RunConfigurationError(setting: "group", message: "'\(group)' must be printable ASCII without spaces")
        }
        guard (1...100).contains(emitAttempts) else {
            throw RunConfigurationError(setting: "emitAttempts", message: "\(emitAttempts) must be 1 to 100")
        }
        guard (1...256).contains(scheduleConcurrency) else {
            throw RunConfigurationError(setting: "scheduleConcurrency", message: "\(scheduleConcurrency) must be 1 to 256")
        }
        guard (1...256).contains(partitionsInFlight) else {
            throw RunConfigurationError(setting: "partitionsInFlight", message: "\(partitionsInFlight) must be 1 to 256")
        }
        guard catchUpTimeout > .zero, catchUpPollInterval > .zero, readTimeout > .zero, retryBackoff >= .zero else {
            throw RunConfigurationError(setting: "catchUpTimeout, catchUpPollInterval, readTimeout, retryBackoff", message: "must be positive")
        }
        guard !paymentsTopic.isEmpty, !batchesTopic.isEmpty else {
            throw RunConfigurationError(setting: "paymentsTopic, batchesTopic", message: "must be named")
        }
    }
}
