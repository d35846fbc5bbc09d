import Foundation
@testable import Entitlements

/// A well-formed event of each type, as a JSON object to change one field at a time.
enum EventSample {
    static func json(_ type: EstateEventType) -> [String: Any] {
        var event: [String: Any] = ["type": type.rawValue, "eventId": "e-1", "occurredAt": "2026-11-29T10:00:00Z", "nino": "AB123456C"]
        let award: [String: Any] = ["awardId": "SP-1"]
        switch type {
        case .claimantUpserted:
            event.merge(["name": "John Smith", "dateOfBirth": "1958-03-14",
                         "bank": ["sortCode": "089999", "accountNumber": "66374958", "accountName": "J SMITH"]]) { $1 }
        case .claimantDied:
            event["dateOfDeath"] = "2026-11-17"
        case .awardStarted:
            event.merge(award) { $1 }
            event.merge(["benefit": "SP", "frequency": "FOUR_WEEKLY", "firstDueDate": "2026-10-05", "amountPence": 96520]) { $1 }
        case .awardRateChanged:
            event.merge(award) { $1 }
            event.merge(["effectiveFrom": "2027-04-06", "amountPence": 100560]) { $1 }
        case .awardSuspended, .awardResumed:
            event.merge(award) { $1 }
            event["from"] = "2026-11-30"
        case .awardEnded:
            event.merge(award) { $1 }
            event["endDate"] = "2027-02-01"
        case .deductionSet:
            event.merge(award) { $1 }
            event.merge(["deductionId": "D-1", "amountPence": 5000, "from": "2026-11-30"]) { $1 }
        case .paymentIssued:
            event.merge(award) { $1 }
            event.merge(["dueDate": "2026-11-02", "amountPence": 96520]) { $1 }
        }
        return event
    }

    /// The required fields of each type, in the order the decoder reads them.
    static func required(_ type: EstateEventType) -> [String] {
        let common = ["type", "eventId", "occurredAt", "nino"]
        switch type {
        case .claimantUpserted: return common + ["name", "dateOfBirth", "bank"]
        case .claimantDied: return common + ["dateOfDeath"]
        case .awardStarted: return common + ["awardId", "benefit", "frequency", "firstDueDate", "amountPence"]
        case .awardRateChanged: return common + ["awardId", "effectiveFrom", "amountPence"]
        case .awardSuspended, .awardResumed: return common + ["awardId", "from"]
        case .awardEnded: return common + ["awardId", "endDate"]
        case .deductionSet: return common + ["awardId", "deductionId", "amountPence", "from"]
        case .paymentIssued: return common + ["awardId", "dueDate", "amountPence"]
        }
    }

    static func bytes(_ json: Any) -> [UInt8] {
        [UInt8](try! JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed]))
    }

    static func decode(_ json: [String: Any], topic: EstateTopic? = nil) -> Result<EstateEvent, Rejection> {
        let type = EstateEventType(rawValue: json["type"] as? String ?? "") ?? .claimantUpserted
        return EstateEventDecoder().decode(bytes(json), topic: topic ?? type.topic)
    }

    static func decode(_ text: String, topic: EstateTopic) -> Result<EstateEvent, Rejection> {
        EstateEventDecoder().decode(Array(text.utf8), topic: topic)
    }
}

extension Result where Failure == Rejection {
    var rejection: Rejection? {
        if case .failure(let rejection) = self { return rejection }
        return nil
    }
    var reason: Rejection.Reason? { rejection?.reason }
    var event: Success? { try? get() }
}
