/// One estate event, decoded and valid (DESIGN.md 2.1): one case per event type, each with the
/// fields every event has (`Header`) and those of its type. Holding one means every field
/// passed its check; `EstateEventDecoder` is how one is made from a record.
public enum EstateEvent: Hashable, Sendable {
    case claimantUpserted(Header, ClaimantUpserted)
    case claimantDied(Header, ClaimantDied)
    case awardStarted(Header, AwardStarted)
    case awardRateChanged(Header, AwardRateChanged)
    case awardSuspended(Header, AwardSuspended)
    case awardResumed(Header, AwardResumed)
    case awardEnded(Header, AwardEnded)
    case deductionSet(Header, DeductionSet)
    case paymentIssued(Header, PaymentIssued)

    /// The fields of every estate event.
    public struct Header: Hashable, Sendable {
        /// `eventId`: unique, at most 64 characters.
        public let eventID: EventID
        /// `occurredAt`: when it happened in the estate, UTC.
        public let occurredAt: UTCInstant
        /// `nino`: whose event it is; also the record key.
        public let nino: NINO

        public init(eventID: EventID, occurredAt: UTCInstant, nino: NINO) {
            self.eventID = eventID
            self.occurredAt = occurredAt
            self.nino = nino
        }
    }

    public var header: Header {
        switch self {
        case .claimantUpserted(let header, _), .claimantDied(let header, _), .awardStarted(let header, _),
             .awardRateChanged(let header, _), .awardSuspended(let header, _), .awardResumed(let header, _),
             .awardEnded(let header, _), .deductionSet(let header, _), .paymentIssued(let header, _):
            header
        }
    }

    public var eventID: EventID { header.eventID }
    public var occurredAt: UTCInstant { header.occurredAt }
    public var nino: NINO { header.nino }

    public var type: EstateEventType {
        switch self {
        case .claimantUpserted: .claimantUpserted
        case .claimantDied: .claimantDied
        case .awardStarted: .awardStarted
        case .awardRateChanged: .awardRateChanged
        case .awardSuspended: .awardSuspended
        case .awardResumed: .awardResumed
        case .awardEnded: .awardEnded
        case .deductionSet: .deductionSet
        case .paymentIssued: .paymentIssued
        }
    }

    /// The award the event is about; nil for claimant events.
    public var awardID: AwardID? {
        switch self {
        case .claimantUpserted, .claimantDied: nil
        case .awardStarted(_, let event): event.awardID
        case .awardRateChanged(_, let event): event.awardID
        case .awardSuspended(_, let event): event.awardID
        case .awardResumed(_, let event): event.awardID
        case .awardEnded(_, let event): event.awardID
        case .deductionSet(_, let event): event.awardID
        case .paymentIssued(_, let event): event.awardID
        }
    }
}
