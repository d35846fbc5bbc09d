/// The three estate topics Backstop mirrors (DESIGN.md section 2), and which event types each
/// carries. They are co-partitioned and keyed by NINO.
public enum EstateTopic: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case claimants = "estate.claimants"
    case awards = "estate.awards"
    case payments = "estate.payments"

    /// The event types that may arrive on this topic; any other `type` is UNKNOWN_EVENT_TYPE.
    public var eventTypes: [EstateEventType] {
        EstateEventType.allCases.filter { $0.topic == self }
    }

    public var description: String { rawValue }
}

/// The `type` of an estate event (DESIGN.md 2.1). The raw value is the JSON `type` and the
/// name of its schema, `topics/schemas/<type>.schema.json`.
public enum EstateEventType: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case claimantUpserted = "ClaimantUpserted"
    case claimantDied = "ClaimantDied"
    case awardStarted = "AwardStarted"
    case awardRateChanged = "AwardRateChanged"
    case awardSuspended = "AwardSuspended"
    case awardResumed = "AwardResumed"
    case awardEnded = "AwardEnded"
    case deductionSet = "DeductionSet"
    case paymentIssued = "PaymentIssued"

    /// The topic this type travels on.
    public var topic: EstateTopic {
        switch self {
        case .claimantUpserted, .claimantDied: .claimants
        case .awardStarted, .awardRateChanged, .awardSuspended, .awardResumed, .awardEnded, .deductionSet: .awards
        case .paymentIssued: .payments
        }
    }

    public var description: String { rawValue }
}
