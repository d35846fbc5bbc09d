extension StoreFact {
    /// Why this fact exceeds a `StoreLimits` bound, or `nil` when it fits. The mirror stage asks
    /// before building an update and sends an offending record to the dead-letter topic, so that
    /// `apply` never refuses a batch (DESIGN.md section 6).
    public var limitProblem: String? {
        func tooLong(_ field: String, _ text: String) -> String? {
            text.utf8.count > StoreLimits.textBytes ? "\(field) is longer than \(StoreLimits.textBytes) bytes" : nil
        }
        switch self {
        case .claimant(let claimant):
            return tooLong("name", claimant.name) ?? tooLong("accountName", claimant.bank.accountName)
                ?? claimant.bank.rollNumber.flatMap { tooLong("rollNumber", $0) }
        case .death, .paid, .award:
            return nil
        case .command(let command):
            return tooLong("commandId", command.commandID) ?? tooLong("decision", command.decision)
                ?? tooLong("reason", command.reason)
        }
    }
}
