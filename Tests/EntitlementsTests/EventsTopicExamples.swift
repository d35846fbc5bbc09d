import Foundation
@testable import Entitlements

/// One file of `topics/examples/` whose topic is an estate topic: the record as the mirror
/// would receive it. Read with Foundation's JSONSerialization, an implementation independent
/// of the decoder under test.
struct TopicExample: Sendable, CustomStringConvertible {
    let file: String
    let topic: EstateTopic
    let messageType: String
    let expectedReason: String?
    /// The record's value bytes: `rawValue` as UTF-8, or `value` serialised as JSON.
    let value: [UInt8]

    var description: String { file }

    /// The repository root, found from this file's path (Tests/EntitlementsTests/…).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let valid = load("valid")
    static let invalid = load("invalid")

    static func load(_ folder: String) -> [TopicExample] {
        let directory = repositoryRoot.appendingPathComponent("topics/examples/\(folder)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            let data = try! Data(contentsOf: directory.appendingPathComponent(name))
            let example = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
            guard let topic = EstateTopic(rawValue: example["topic"] as! String) else { return nil }
            let value: [UInt8]
            if let raw = example["rawValue"] as? String {
                value = Array(raw.utf8)
            } else {
                value = [UInt8](try! JSONSerialization.data(withJSONObject: example["value"]!, options: [.fragmentsAllowed]))
            }
            return TopicExample(file: name, topic: topic, messageType: example["messageType"] as! String,
                                expectedReason: example["expectedReason"] as? String, value: value)
        }
    }

    /// The value as JSONSerialization reads it.
    var json: [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(value)) as! [String: Any]
    }
}

/// The event a valid example must decode to, built field by field from JSONSerialization's
/// reading with the domain types' own initialisers: a second, independent route to the answer.
enum ExpectedEvent {
    static func of(_ json: [String: Any]) throws -> EstateEvent {
        let header = EstateEvent.Header(
            eventID: try EventID(json["eventId"] as! String),
            occurredAt: try UTCInstant(json["occurredAt"] as! String),
            nino: try NINO(json["nino"] as! String))
        func date(_ key: String) throws -> CalendarDate { try CalendarDate(json[key] as! String) }
        func optionalDate(_ key: String) throws -> CalendarDate? {
            guard let text = json[key] as? String else { return nil }
            return try CalendarDate(text)
        }
        func pence(_ key: String) -> Pence { Pence((json[key] as! NSNumber).int64Value) }
        func award() throws -> AwardID { try AwardID(json["awardId"] as! String) }
        switch json["type"] as! String {
        case "ClaimantUpserted":
            let bank = json["bank"] as! [String: Any]
            return .claimantUpserted(header, .init(
                name: json["name"] as! String, dateOfBirth: try date("dateOfBirth"),
                bank: .init(sortCode: try SortCode(bank["sortCode"] as! String),
                            accountNumber: try AccountNumber(bank["accountNumber"] as! String),
                            accountName: bank["accountName"] as! String,
                            rollNumber: bank["rollNumber"] as? String)))
        case "ClaimantDied":
            return .claimantDied(header, .init(dateOfDeath: try date("dateOfDeath")))
        case "AwardStarted":
            return .awardStarted(header, .init(
                awardID: try award(), benefit: try Benefit(code: json["benefit"] as! String),
                frequency: try Frequency(code: json["frequency"] as! String), firstDueDate: try date("firstDueDate"),
                amount: pence("amountPence"), endDate: try optionalDate("endDate")))
        case "AwardRateChanged":
            return .awardRateChanged(header, .init(awardID: try award(), effectiveFrom: try date("effectiveFrom"), amount: pence("amountPence")))
        case "AwardSuspended":
            return .awardSuspended(header, .init(awardID: try award(), from: try date("from")))
        case "AwardResumed":
            return .awardResumed(header, .init(awardID: try award(), from: try date("from")))
        case "AwardEnded":
            return .awardEnded(header, .init(awardID: try award(), endDate: try date("endDate")))
        case "DeductionSet":
            return .deductionSet(header, .init(
                awardID: try award(), deductionID: try DeductionID(json["deductionId"] as! String),
                amount: pence("amountPence"), from: try date("from"), to: try optionalDate("to")))
        case "PaymentIssued":
            return .paymentIssued(header, .init(awardID: try award(), dueDate: try date("dueDate"), amount: pence("amountPence")))
        case let other:
            fatalError("no expectation for \(other)")
        }
    }
}
