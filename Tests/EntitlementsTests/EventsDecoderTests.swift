import Foundation
import Testing
import TestSupport
@testable import Entitlements

@Suite("Estate event decoder: every event, every field, every reason (DESIGN.md 2.1, 6)")
struct EventsDecoderTests {
    @Test("the sample of each type decodes, to the right type", arguments: EstateEventType.allCases)
    func sampleDecodes(type: EstateEventType) throws {
        let event = try EventSample.decode(EventSample.json(type)).get()
        #expect(event.type == type)
        #expect(event.eventID.value == "e-1")
        #expect(event.nino.value == "AB123456C")
        #expect(event.occurredAt.description == "2026-11-29T10:00:00Z")
        #expect((event.awardID == nil) == (type.topic == .claimants))
    }

    @Test("each required field: absent is MISSING_FIELD, null is WRONG_TYPE, a list is WRONG_TYPE", arguments: EstateEventType.allCases)
    func requiredFields(type: EstateEventType) {
        for field in EventSample.required(type) {
            var json = EventSample.json(type)
            json[field] = nil
            #expect(EventSample.decode(json, topic: type.topic).rejection == Rejection(.missingField, "field \(field) is missing"))
            json[field] = NSNull()
            let null = EventSample.decode(json, topic: type.topic).rejection
            #expect(null?.reason == .wrongType, "\(field)")
            #expect(null?.detail.hasPrefix("field \(field): expected ") == true, "\(String(describing: null))")
            #expect(null?.detail.hasSuffix("got null") == true, "\(String(describing: null))")
            json[field] = [1]
            #expect(EventSample.decode(json, topic: type.topic).rejection?.detail.hasSuffix("got an array") == true, "\(field)")
        }
    }

    @Test("each type is unknown on the other two topics", arguments: EstateEventType.allCases)
    func wrongTopic(type: EstateEventType) {
        for topic in EstateTopic.allCases where topic != type.topic {
            let rejection = EventSample.decode(EventSample.json(type), topic: topic).rejection
            #expect(rejection?.reason == .unknownEventType)
            #expect(rejection?.detail.contains("belongs on \(type.topic), not \(topic)") == true)
        }
    }

    @Test("type: unknown, wrong case, empty, or not a string")
    func typeField() {
        var json = EventSample.json(.claimantDied)
        for unknown in ["ClaimantMoved", "claimantdied", "", "ClaimantDied "] {
            json["type"] = unknown
            #expect(EventSample.decode(json, topic: .claimants).reason == .unknownEventType, "\(unknown)")
        }
        json["type"] = 7
        #expect(EventSample.decode(json, topic: .claimants).rejection == Rejection(.wrongType, "field type: expected a string, got a number"))
    }

    @Test("the first problem in reading order is the one reported")
    func firstProblemWins() {
        var json = EventSample.json(.awardStarted)
        json["amountPence"] = -1
        json["benefit"] = "XX"
        json["nino"] = "BG123456A"
        #expect(EventSample.decode(json).reason == .invalidNINO)
        json["nino"] = "AB123456C"
        #expect(EventSample.decode(json).reason == .invalidValue)
        json["benefit"] = "SP"
        #expect(EventSample.decode(json).reason == .negativeAmount)
    }

    @Test("unknown fields are ignored, nested or not, whatever their JSON type")
    func unknownFields() throws {
        var json = EventSample.json(.claimantUpserted)
        json["future"] = ["deep": [1, 2.5, ["x": NSNull()], true, "text"]]
        json["version"] = 3
        var bank = json["bank"] as! [String: Any]
        bank["iban"] = "GB33BUKB20201555555555"
        json["bank"] = bank
        let event = try EventSample.decode(json).get()
        #expect(event == (try EventSample.decode(EventSample.json(.claimantUpserted)).get()))
    }

    // MARK: NINO, sort code, account number

    @Test("nino: the pattern of DOMAIN.md 1, upper case, no spaces", arguments: [
        ("AB123456C", true), ("ZY000000D", true), ("OA123456A", true),
        ("BG123456A", false), ("NC123456A", false), ("AO123456A", false), ("DA123456A", false), ("QQ123456C", false),
        ("AB123456E", false), ("AB12345C", false), ("ab123456c", false), ("AB 12 34 56 C", false), ("", false), ("AB123456C\u{0}", false),
        ("ß123456A", false), ("\u{FB00}123456A", false), ("AB123456C\t", false), ("ＡＢ123456C", false),
    ])
    func nino(text: String, valid: Bool) {
        var json = EventSample.json(.claimantDied)
        json["nino"] = text
        let result = EventSample.decode(json)
        if valid {
            #expect(result.event?.nino.value == text)
        } else {
            #expect(result.reason == .invalidNINO)
            #expect(result.rejection?.detail.hasPrefix("field nino: ") == true)
        }
    }

    @Test("bank.sortCode is 6 digits and bank.accountNumber 8", arguments: [
        ("sortCode", "000000", nil), ("sortCode", "12-34-56", Rejection.Reason.invalidSortCode), ("sortCode", "1234567", .invalidSortCode),
        ("sortCode", "", .invalidSortCode), ("sortCode", "１２３４５６", .invalidSortCode),
        ("accountNumber", "00000001", nil), ("accountNumber", "1234567", .invalidAccountNumber),
        ("accountNumber", "123456789", .invalidAccountNumber), ("accountNumber", "1234 5678", .invalidAccountNumber),
    ])
    func bankNumbers(field: String, value: String, reason: Rejection.Reason?) {
        var json = EventSample.json(.claimantUpserted)
        var bank = json["bank"] as! [String: Any]
        bank[field] = value
        json["bank"] = bank
        let result = EventSample.decode(json)
        #expect(result.reason == reason)
        if reason != nil {
            #expect(result.rejection?.detail.hasPrefix("field bank.\(field): '") == true)
        }
    }

    @Test("bank: not an object, or a member missing, is named by its path")
    func bankShape() {
        var json = EventSample.json(.claimantUpserted)
        json["bank"] = "089999 66374958"
        #expect(EventSample.decode(json).rejection == Rejection(.wrongType, "field bank: expected an object, got a string"))
        for field in ["sortCode", "accountNumber", "accountName"] {
            var bank = EventSample.json(.claimantUpserted)["bank"] as! [String: Any]
            bank[field] = nil
            json["bank"] = bank
            #expect(EventSample.decode(json).rejection == Rejection(.missingField, "field bank.\(field) is missing"))
        }
    }

    // MARK: Lengths and empty texts

    @Test("lengths count Unicode scalars, as JSON Schema's maxLength does")
    func lengths() throws {
        var json = EventSample.json(.claimantUpserted)
        var bank = json["bank"] as! [String: Any]
        bank["accountName"] = String(repeating: "é", count: 18)
        bank["rollNumber"] = String(repeating: "9", count: 18)
        json["bank"] = bank
        guard case .claimantUpserted(_, let claimant) = try EventSample.decode(json).get() else {
            Issue.record("not a ClaimantUpserted")
            return
        }
        #expect(claimant.bank.accountName == String(repeating: "E", count: 18), "held folded, as BankDetails holds it")
        #expect(claimant.bank.rollNumber == String(repeating: "9", count: 18))
        bank["accountName"] = String(repeating: "e\u{301}", count: 9) + "x"  // 9 graphemes + 1, but 19 scalars
        json["bank"] = bank
        #expect(EventSample.decode(json).rejection?.reason == .fieldTooLong)
        bank["accountName"] = "J SMITH"
        bank["rollNumber"] = String(repeating: "9", count: 19)
        json["bank"] = bank
        #expect(EventSample.decode(json).rejection?.detail.hasPrefix("field bank.rollNumber: ") == true)
        bank["rollNumber"] = NSNull()
        json["bank"] = bank
        #expect(EventSample.decode(json).event != nil)
    }

    @Test("identifiers: 64 / 32 / 64 characters accepted, one more is FIELD_TOO_LONG, empty is INVALID_VALUE", arguments: [
        (EstateEventType.claimantDied, "eventId", 64), (.awardEnded, "awardId", 32), (.deductionSet, "deductionId", 64),
    ])
    func identifiers(type: EstateEventType, field: String, limit: Int) {
        var json = EventSample.json(type)
        json[field] = String(repeating: "i", count: limit)
        #expect(EventSample.decode(json).event != nil)
        json[field] = String(repeating: "i", count: limit + 1)
        let long = EventSample.decode(json).rejection
        #expect(long?.reason == .fieldTooLong)
        let quoted = limit + 1 > 40 ? String(repeating: "i", count: 40) + "…" : String(repeating: "i", count: limit + 1)
        #expect(long?.detail == "field \(field): '\(quoted)' has \(limit + 1) characters, at most \(limit)")
        json[field] = ""
        #expect(EventSample.decode(json).rejection == Rejection(.invalidValue, "field \(field) is empty"))
    }

    @Test("an awardId with a control character is INVALID_VALUE; the detail shows it escaped")
    func awardIDControl() {
        var json = EventSample.json(.awardSuspended)
        json["awardId"] = "SP\t1"
        let rejection = EventSample.decode(json).rejection
        #expect(rejection?.reason == .invalidValue)
        #expect(rejection?.detail.hasPrefix("field awardId: 'SP\\u{9}1' ") == true)
    }

    @Test("empty name and account name are INVALID_VALUE; a name that folds to nothing is kept")
    func emptyTexts() {
        var json = EventSample.json(.claimantUpserted)
        json["name"] = ""
        #expect(EventSample.decode(json).reason == .invalidValue)
        json["name"] = " "
        #expect(EventSample.decode(json).event != nil)
        var bank = json["bank"] as! [String: Any]
        bank["accountName"] = ""
        json["bank"] = bank
        #expect(EventSample.decode(json).rejection == Rejection(.invalidValue, "field bank.accountName is empty"))
        bank["accountName"] = "***"
        json["bank"] = bank
        guard case .claimantUpserted(_, let claimant) = EventSample.decode(json).event else {
            Issue.record("a name that folds to nothing was refused")
            return
        }
        #expect(claimant.bank.accountName == "", "kept, and excluded later as INVALID_BANK_DETAILS")
    }

    // MARK: Enums

    @Test("benefit and frequency: exactly one of the codes")
    func codes() throws {
        for benefit in Benefit.allCases {
            var json = EventSample.json(.awardStarted)
            json["benefit"] = benefit.rawValue
            guard case .awardStarted(_, let award) = try EventSample.decode(json).get() else { return }
            #expect(award.benefit == benefit)
        }
        for frequency in Frequency.allCases {
            var json = EventSample.json(.awardStarted)
            json["frequency"] = frequency.rawValue
            guard case .awardStarted(_, let award) = try EventSample.decode(json).get() else { return }
            #expect(award.frequency == frequency)
        }
        for (field, value) in [("benefit", "XX"), ("benefit", "sp"), ("benefit", ""), ("frequency", "DAILY"), ("frequency", "weekly")] {
            var json = EventSample.json(.awardStarted)
            json[field] = value
            let rejection = EventSample.decode(json).rejection
            #expect(rejection?.reason == .invalidValue, "\(field) \(value)")
            #expect(rejection?.detail.hasPrefix("field \(field): '\(value)' is not one of ") == true)
        }
    }

    // MARK: Dates

    @Test("dates: real YYYY-MM-DD days only", arguments: [
        ("2024-02-29", true), ("0001-01-01", true), ("9999-12-31", true),
        ("2026-02-29", false), ("2026-04-31", false), ("2026-13-01", false), ("2026-00-10", false), ("2026-01-00", false),
        ("0000-01-01", false), ("2026-1-05", false), ("20260105", false), ("2026/01/05", false), ("2026-01-05T00:00:00Z", false),
        ("", false), (" 2026-01-05", false),
    ])
    func dates(text: String, valid: Bool) {
        for (type, field) in [(EstateEventType.claimantDied, "dateOfDeath"), (.awardSuspended, "from"), (.deductionSet, "to"), (.awardStarted, "endDate")] {
            var json = EventSample.json(type)
            json[field] = text
            let result = EventSample.decode(json)
            if valid {
                #expect(result.event != nil, "\(field) \(text)")
            } else {
                #expect(result.reason == .invalidDate, "\(field) \(text)")
                #expect(result.rejection?.detail.hasPrefix("field \(field): ") == true)
            }
        }
    }

    @Test("optional dates: absent or null mean none; a number is WRONG_TYPE")
    func optionalDates() throws {
        var json = EventSample.json(.deductionSet)
        guard case .deductionSet(_, let open) = try EventSample.decode(json).get() else { return }
        #expect(open.to == nil)
        json["to"] = NSNull()
        guard case .deductionSet(_, let null) = try EventSample.decode(json).get() else { return }
        #expect(null.to == nil)
        json["to"] = "2027-05-31"
        guard case .deductionSet(_, let bounded) = try EventSample.decode(json).get() else { return }
        #expect(bounded.to?.description == "2027-05-31")
        json["to"] = 20270531
        #expect(EventSample.decode(json).rejection == Rejection(.wrongType, "field to: expected a date string or null, got a number"))
    }

    @Test("a date written with escapes is the same date")
    func escapedDate() throws {
        let text = #"{"type":"ClaimantDied","eventId":"e","occurredAt":"2026-11-29T10:00:00Z","nino":"AB123456C","dateOfDeath":"2026\u002d11-17"}"#
        guard case .claimantDied(_, let died) = try EventSample.decode(text, topic: .claimants).get() else { return }
        #expect(died.dateOfDeath.description == "2026-11-17")
    }

    // MARK: Amounts

    @Test("amountPence: whole numbers of pence in any JSON spelling, 0 to 99,999,999,999", arguments: [
        ("0", Int64(0)), ("-0", 0), ("96520", 96520), ("96520.0", 96520), ("9652e1", 96520), ("9.652e4", 96520),
        ("965200E-1", 96520), ("99999999999", 99_999_999_999), ("0.0e5", 0),
    ])
    func amounts(number: String, pence: Int64) throws {
        let text = #"{"type":"PaymentIssued","eventId":"e","occurredAt":"2026-11-29T10:00:00Z","nino":"AB123456C","awardId":"A","dueDate":"2026-11-02","amountPence":"# + number + "}"
        guard case .paymentIssued(_, let payment) = try EventSample.decode(text, topic: .payments).get() else {
            Issue.record("not a PaymentIssued")
            return
        }
        #expect(payment.amount == Pence(pence))
    }

    @Test("amountPence: fractions are WRONG_TYPE, below zero NEGATIVE_AMOUNT, beyond the file limit INVALID_VALUE", arguments: [
        ("965.2", Rejection.Reason.wrongType), ("0.5", .wrongType), ("1e-1", .wrongType), ("-1.5", .wrongType),
        ("-1", .negativeAmount), ("-96520", .negativeAmount), ("-1e30", .negativeAmount), ("-9223372036854775809", .negativeAmount),
        ("100000000000", .invalidValue), ("1e30", .invalidValue), ("9223372036854775807", .invalidValue),
        ("9223372036854775808", .invalidValue), ("123456789012345678901234567890", .invalidValue),
        ("\"96520\"", .wrongType), ("true", .wrongType), ("null", .wrongType),
    ])
    func badAmounts(number: String, reason: Rejection.Reason) {
        for type in [EstateEventType.awardStarted, .awardRateChanged, .deductionSet, .paymentIssued] {
            var json = EventSample.json(type)
            json["amountPence"] = 0
            var text = String(decoding: EventSample.bytes(json), as: UTF8.self)
            text = text.replacingOccurrences(of: #""amountPence":0"#, with: #""amountPence":"# + number)
            let rejection = EventSample.decode(text, topic: type.topic).rejection
            #expect(rejection?.reason == reason, "\(type) \(number)")
            #expect(rejection?.detail.hasPrefix("field amountPence: ") == true)
        }
    }

    // MARK: Whole records

    @Test("ClaimantUpserted with every field, escapes and unicode, decodes exactly")
    func claimantInFull() throws {
        let text = """
        { "type" : "ClaimantUpserted", "eventId":"c-\\u00e9-1", "occurredAt":"2026-11-02T09:14:07.000001Z",
          "nino":"HL987654A", "name":"Zo\\u00eb \\ud83d\\ude00 \\"Jo\\"\\\\", "dateOfBirth":"1961-12-31",
          "bank": {"sortCode":"107999","accountNumber":"88837491","accountName":"Z ÅNGSTRÖM","rollNumber":"12\\/34"} }
        """
        guard case .claimantUpserted(let header, let claimant) = try EventSample.decode(text, topic: .claimants).get() else {
            Issue.record("not a ClaimantUpserted")
            return
        }
        #expect(header.eventID.value == "c-é-1")
        #expect(header.occurredAt == UTCInstant(secondsSinceEpoch: 1_793_610_847, nanoseconds: 1_000))
        #expect(header.nino.value == "HL987654A")
        #expect(claimant.name == "Zoë 😀 \"Jo\"\\")
        #expect(claimant.bank.accountName == "Z ANGSTROM")
        #expect(claimant.bank.rollNumber == "12/34")
    }

    @Test("member names may be escaped, and a repeated name counts its last value")
    func memberNames() throws {
        let text = #"{"type":"AwardEnded","eventId":"e","occurredAt":"2026-11-29T10:00:00Z","n\u0069no":"AB123456C","awardId":"A","endDate":"2026-01-01","endDate":"2027-02-01"}"#
        guard case .awardEnded(let header, let ended) = try EventSample.decode(text, topic: .awards).get() else {
            Issue.record("not an AwardEnded")
            return
        }
        #expect(header.nino.value == "AB123456C")
        #expect(ended.endDate.description == "2027-02-01")
        let repeatedBad = text.replacingOccurrences(of: #""endDate":"2027-02-01""#, with: #""endDate":"2027-02-30""#)
        #expect(EventSample.decode(repeatedBad, topic: .awards).reason == .invalidDate)
    }

    @Test("each event type carries what it was sent")
    func eventValues() throws {
        guard case .deductionSet(_, let deduction) = try EventSample.decode(EventSample.json(.deductionSet)).get(),
              case .awardRateChanged(_, let rate) = try EventSample.decode(EventSample.json(.awardRateChanged)).get(),
              case .paymentIssued(_, let payment) = try EventSample.decode(EventSample.json(.paymentIssued)).get(),
              case .awardResumed(_, let resumed) = try EventSample.decode(EventSample.json(.awardResumed)).get(),
              case .awardSuspended(_, let suspended) = try EventSample.decode(EventSample.json(.awardSuspended)).get(),
              case .claimantDied(_, let died) = try EventSample.decode(EventSample.json(.claimantDied)).get()
        else {
            Issue.record("a sample decoded to the wrong type")
            return
        }
        #expect(deduction.deductionID.value == "D-1")
        #expect(deduction.amount == Pence(5000))
        #expect(deduction.from.description == "2026-11-30")
        #expect(rate.effectiveFrom.description == "2027-04-06")
        #expect(rate.amount == Pence(100560))
        #expect(payment.dueDate.description == "2026-11-02")
        #expect(payment.amount == Pence(96520))
        #expect(resumed.from.description == "2026-11-30")
        #expect(suspended.awardID.value == "SP-1")
        #expect(died.dateOfDeath.description == "2026-11-17")
    }
}
