import Entitlements
import Foundation
import Testing
@testable import Simulation

@Suite struct EstateSimulatorTests {
    static let asOf = try! CalendarDate("2026-11-27")

    static func estate(claimants: Int = 2_000, seed: UInt64 = 7) throws -> EstateSimulator {
        try EstateSimulator(settings: SimulationSettings(claimants: claimants, seed: seed, asOf: asOf))
    }

    static func objects(_ estate: EstateSimulator) throws -> [(SimulatedRecord, [String: Any])] {
        try (0..<estate.count).map { i in
            let record = estate.record(at: i)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(record.value)) as? [String: Any])
            return (record, object)
        }
    }

    @Test func theSameSeedGivesTheSameEstateAndAnotherSeedAnother() throws {
        let a = try Self.estate(claimants: 300, seed: 1)
        let b = try Self.estate(claimants: 300, seed: 1)
        let c = try Self.estate(claimants: 300, seed: 2)
        #expect(a.count == b.count)
        #expect((0..<a.count).allSatisfy { a.record(at: $0) == b.record(at: $0) })
        #expect(a.count != c.count || (0..<a.count).contains { a.record(at: $0) != c.record(at: $0) })
    }

    @Test func recordsAreInTimeOrderKeyedByNINOAndNothingHappensAfterAsOf() throws {
        let estate = try Self.estate()
        let end = Int64(Self.asOf.adding(days: 1).daysSinceEpoch) * 86_400_000
        var previous = Int64.min
        for (record, object) in try Self.objects(estate) {
            #expect(record.timestampMilliseconds >= previous)
            #expect(record.timestampMilliseconds < end)
            previous = record.timestampMilliseconds
            #expect(object["nino"] as? String == record.key)
            #expect(record.topic.eventTypes.map(\.rawValue).contains(object["type"] as! String))
        }
    }

    @Test func everyRecordCarriesValidFieldsAndUniqueEventIds() throws {
        var eventIds = Set<String>()
        for (record, object) in try Self.objects(try Self.estate()) {
            let eventId = try #require(object["eventId"] as? String)
            #expect(eventId.count <= 64)
            #expect(eventIds.insert(eventId).inserted, "duplicate eventId \(eventId)")
            _ = try NINO(record.key)
            #expect(Clock.rfc3339(record.timestampMilliseconds / 1_000) == object["occurredAt"] as? String)
            switch object["type"] as? String {
            case "ClaimantUpserted":
                let bank = try #require(object["bank"] as? [String: Any])
                _ = try SortCode(try #require(bank["sortCode"] as? String))
                _ = try AccountNumber(try #require(bank["accountNumber"] as? String))
                #expect((bank["accountName"] as? String).map { (1...18).contains($0.count) } == true)
                _ = try CalendarDate(try #require(object["dateOfBirth"] as? String))
            case "AwardStarted":
                _ = try AwardID(try #require(object["awardId"] as? String))
                _ = try Benefit(code: try #require(object["benefit"] as? String))
                _ = try Frequency(code: try #require(object["frequency"] as? String))
                _ = try CalendarDate(try #require(object["firstDueDate"] as? String))
                #expect(try #require(object["amountPence"] as? Int) > 0)
            case "PaymentIssued":
                _ = try CalendarDate(try #require(object["dueDate"] as? String))
                #expect(try #require(object["amountPence"] as? Int) >= 0)
            case "AwardRateChanged", "AwardSuspended", "AwardResumed", "AwardEnded", "DeductionSet", "ClaimantDied":
                break
            default:
                Issue.record("unexpected event \(object)")
            }
        }
    }

    @Test func theMixFollowsTheNationalCaseload() throws {
        let estate = try Self.estate(claimants: 5_000)
        var benefits: [String: Int] = [:]
        var ninos = Set<String>()
        for (record, object) in try Self.objects(estate) {
            if record.topic == .claimants { ninos.insert(record.key) }
            if object["type"] as? String == "AwardStarted" { benefits[object["benefit"] as! String, default: 0] += 1 }
        }
        #expect(ninos.count == 5_000)
        let awards = Double(benefits.values.reduce(0, +))
        // DOMAIN.md 6: SP 13.0 of 31.0 million awards, UC 7.0, PIP 3.5, JSA 0.1.
        #expect(abs(Double(benefits["SP"]!) / awards - 13.0 / 31.0) < 0.03)
        #expect(abs(Double(benefits["UC"]!) / awards - 7.0 / 31.0) < 0.03)
        #expect(abs(Double(benefits["PIP"]!) / awards - 3.5 / 31.0) < 0.02)
        #expect((benefits["JSA"] ?? 0) < benefits["CA"]!)
        for type in ["AwardRateChanged", "AwardSuspended", "DeductionSet", "PaymentIssued", "ClaimantDied"] {
            #expect((estate.countsByType[type] ?? 0) > 0, "no \(type) in the estate")
        }
    }

    @Test func paymentsIssuedAreThoseTheRulesPayUpToAsOf() throws {
        let estate = try Self.estate(claimants: 1_000)
        let calendar = PaymentCalendar()
        var paid: [String: Set<String>] = [:]
        for (record, object) in try Self.objects(estate) where record.topic == .payments {
            let due = try CalendarDate(object["dueDate"] as! String)
            // Input day on or before as-of: the estate has sent these to Bacs.
            #expect(calendar.inputDay(forPaymentDate: calendar.paymentDate(forDueDate: due)) <= Self.asOf)
            #expect(paid[object["awardId"] as! String, default: []].insert(due.description).inserted)
        }
        #expect(paid.count > 500)
    }

    @Test func everyRecordDecodesAsAValidEstateEvent() throws {
        let estate = try Self.estate()
        let decoder = EstateEventDecoder()
        for i in 0..<estate.count {
            let record = estate.record(at: i)
            if case .failure(let rejection) = decoder.decode(record.value, topic: record.topic) {
                Issue.record("\(rejection) for \(String(decoding: record.value, as: UTF8.self))")
            }
        }
    }

    @Test func badSettingsAreRefusedNamingTheSetting() {
        var settings = SimulationSettings(claimants: 0, seed: 1, asOf: Self.asOf)
        #expect(throws: SimulationError.self) { try EstateSimulator(settings: settings) }
        settings.claimants = 10
        settings.suspensionRate = 2
        do {
            _ = try EstateSimulator(settings: settings)
            Issue.record("accepted a suspension rate of 2")
        } catch {
            #expect(error.message.contains("suspensionRate"))
        }
    }

    @Test func ninosAreUniqueAcrossPrefixBlocks() {
        let allocator = NINOAllocator(seed: 3)
        var seen = Set<String>()
        for i in stride(from: 0, to: 3_000_000, by: 997) { #expect(seen.insert(allocator.nino(for: i).value).inserted) }
    }
}
