/// Metadata keys of the run stage's log records, defined once (STYLE.md 13). Values are ids,
/// counts and pence: never a bank account, sort code or account name.
enum RunLogKey {
    static let runID = "run.id"
    static let runType = "run.type"
    static let outcome = "run.outcome"
    static let reason = "run.reason"
    static let partitions = "run.partitions"
    static let batches = "run.batches"
    static let batchID = "run.batch_id"
    static let partition = "run.partition"
    static let payments = "run.payments"
    static let pence = "run.pence"
    static let unresolvedAwards = "run.unresolved_awards"
    static let committedBatches = "run.committed_batches"
    static let attempt = "run.attempt"
    static let error = "run.error"
    static let crashPoint = "run.crash_point"
    static let ledgerEntries = "ledger.entries"
}
