import Foundation
import Testing
@testable import Entitlements

@Suite("Estate event decoder against every file of topics/examples (DESIGN.md 2.1, 6)")
struct EventsExamplesTests {
    let decoder = EstateEventDecoder()

    @Test("the examples are there: at least 3 valid and 3 invalid per event type")
    func examplesFound() {
        for type in EstateEventType.allCases {
            #expect(TopicExample.valid.filter { $0.messageType == type.rawValue }.count >= 3, "\(type)")
            #expect(TopicExample.invalid.filter { $0.messageType == type.rawValue }.count >= 3, "\(type)")
        }
    }

    @Test("a valid example decodes to the event its JSON describes", arguments: TopicExample.valid)
    func valid(example: TopicExample) throws {
        let decoded = try decoder.decode(example.value, topic: example.topic).get()
        #expect(decoded.type.rawValue == example.messageType)
        #expect(decoded.type.topic == example.topic)
        #expect(decoded == (try ExpectedEvent.of(example.json)))
    }

    @Test("an invalid example is refused with its expectedReason and a detail naming the field", arguments: TopicExample.invalid)
    func invalid(example: TopicExample) throws {
        let expected = try #require(example.expectedReason.flatMap(Rejection.Reason.init(rawValue:)))
        let result = decoder.decode(example.value, topic: example.topic)
        guard case .failure(let rejection) = result else {
            Issue.record("decoded: \(result)")
            return
        }
        #expect(rejection.reason == expected, "\(rejection.detail)")
        if ![.notJSON, .notAnObject].contains(expected) {
            #expect(rejection.detail.hasPrefix("field "), "\(rejection.detail)")
        }
    }

    @Test("together the invalid examples use every reason")
    func everyReason() {
        let used = Set(TopicExample.invalid.compactMap { $0.expectedReason })
        #expect(used == Set(Rejection.Reason.decoderReasons.map(\.rawValue)))
    }

    @Test("ClaimantUpserted-basic, field by field")
    func claimantBasic() throws {
        let example = try #require(TopicExample.valid.first { $0.file == "ClaimantUpserted-basic.json" })
        guard case .claimantUpserted(let header, let claimant) = try decoder.decode(example.value, topic: .claimants).get() else {
            Issue.record("not a ClaimantUpserted")
            return
        }
        #expect(header.eventID.value == "c-0001-7f3a9e")
        #expect(header.occurredAt.description == "2026-11-02T09:14:07Z")
        #expect(header.nino.value == "AB123456C")
        #expect(claimant.name == "John Smith")
        #expect(claimant.dateOfBirth == (try CalendarDate(year: 1958, month: 3, day: 14)))
        #expect(claimant.bank.sortCode.value == "089999")
        #expect(claimant.bank.accountNumber.value == "66374958")
        #expect(claimant.bank.accountName == "J SMITH")
        #expect(claimant.bank.rollNumber == nil)
    }

    @Test("AwardStarted-universal-credit-with-end, field by field")
    func universalCredit() throws {
        let example = try #require(TopicExample.valid.first { $0.file == "AwardStarted-universal-credit-with-end.json" })
        guard case .awardStarted(_, let award) = try decoder.decode(example.value, topic: .awards).get() else {
            Issue.record("not an AwardStarted")
            return
        }
        #expect(award.awardID.value == "UC-7781239")
        #expect(award.benefit == .universalCredit)
        #expect(award.frequency == .monthly)
        #expect(award.firstDueDate.description == "2026-10-31")
        #expect(award.amount == Pence(42490))
        #expect(award.endDate?.description == "2027-10-31")
    }

    @Test("the detail of a bad sort code names the field and the value")
    func sortCodeDetail() throws {
        let example = try #require(TopicExample.invalid.first { $0.file == "ClaimantUpserted-sort-code-hyphens.json" })
        let result = decoder.decode(example.value, topic: .claimants)
        #expect(result == .failure(Rejection(.invalidSortCode, "field bank.sortCode: '12-34-56' is not 6 digits")))
    }
}
