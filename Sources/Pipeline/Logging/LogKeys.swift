/// Metadata keys of the service's log records, defined once (STYLE.md 13). Values are ids,
/// counts, offsets and reasons: never a bank account, a sort code or a name.
public enum ServiceLogKey {
    public static let kafkaTopic = "kafka.topic"
    public static let kafkaPartition = "kafka.partition"
    public static let kafkaOffset = "kafka.offset"
    public static let runID = "run.id"
    public static let commandID = "command.id"
    public static let commandType = "command.type"
    public static let decision = "control.decision"
    public static let reason = "control.reason"
    public static let approvers = "control.approvers"
    public static let pending = "control.pending"
    public static let httpHost = "http.host"
    public static let httpPort = "http.port"
    public static let error = "error"
    public static let attempt = "attempt"
    public static let setting = "setting"
    public static let stateDirectory = "store.path"
    public static let signal = "signal"
}
