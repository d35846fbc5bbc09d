import Testing
@testable import Entitlements

@Suite("occurredAt: RFC 3339 instants in UTC (DESIGN.md 2.1)")
struct EventsTimestampTests {
    @Test("accepted forms and their values", arguments: [
        ("1970-01-01T00:00:00Z", Int64(0), Int32(0)),
        ("2026-11-29T10:00:00Z", 1_795_946_400, 0),
        ("2026-11-29T10:00:00.5Z", 1_795_946_400, 500_000_000),
        ("2026-11-29T10:00:00.000000001Z", 1_795_946_400, 1),
        ("2026-11-29T10:00:00.123456789Z", 1_795_946_400, 123_456_789),
        ("1969-12-31T23:59:59.999Z", -1, 999_000_000),
        ("2024-02-29T23:59:59Z", 1_709_251_199, 0),
        ("0001-01-01T00:00:00Z", -62_135_596_800, 0),
    ])
    func accepted(text: String, seconds: Int64, nanoseconds: Int32) throws {
        let instant = try UTCInstant(text)
        #expect(instant == UTCInstant(secondsSinceEpoch: seconds, nanoseconds: nanoseconds))
        #expect(try UTCInstant(instant.description) == instant)
    }

    @Test("printed in RFC 3339 with the digits needed")
    func printed() throws {
        #expect(try UTCInstant("2026-11-29T10:00:00.500Z").description == "2026-11-29T10:00:00.5Z")
        #expect(try UTCInstant("2026-11-29T10:00:00.000Z").description == "2026-11-29T10:00:00Z")
        #expect(UTCInstant(secondsSinceEpoch: -1, nanoseconds: 999_000_000).description == "1969-12-31T23:59:59.999Z")
    }

    @Test("ordered by instant")
    func ordered() throws {
        let instants = try ["2026-11-29T10:00:00.1Z", "1969-12-31T23:59:59Z", "2026-11-29T10:00:00Z", "2026-11-29T09:59:59.999999999Z"].map(UTCInstant.init)
        #expect(instants.sorted().map(\.description) == [
            "1969-12-31T23:59:59Z", "2026-11-29T09:59:59.999999999Z", "2026-11-29T10:00:00Z", "2026-11-29T10:00:00.1Z",
        ])
    }

    @Test("refused forms are INVALID_TIMESTAMP naming occurredAt", arguments: [
        "2026-11-29T10:00:00+00:00", "2026-11-29T10:00:00+01:00", "2026-11-29T10:00:00", "2026-11-29t10:00:00z",
        "2026-11-29T10:00:00z", "2026-11-29 10:00:00Z", "2026-11-29T10:00Z", "2026-11-29T24:00:00Z", "2026-11-29T23:60:00Z",
        "2026-11-29T23:59:60Z", "2026-02-29T10:00:00Z", "2026-11-31T10:00:00Z", "2026-11-29T10:00:00.Z",
        "2026-11-29T10:00:00.1234567890Z", "2026-11-29T10:00:00,5Z", "2026-11-29", "", "1795946400",
        "２026-11-29T10:00:00Z", "0000-12-31T10:00:00Z",
    ])
    func refused(text: String) {
        var json = EventSample.json(.claimantDied)
        json["occurredAt"] = text
        let rejection = EventSample.decode(json).rejection
        #expect(rejection?.reason == .invalidTimestamp)
        #expect(rejection?.detail.hasPrefix("field occurredAt: ") == true)
        #expect((try? UTCInstant(text)) == nil)
    }

    @Test("a number is WRONG_TYPE, not INVALID_TIMESTAMP")
    func number() {
        var json = EventSample.json(.awardResumed)
        json["occurredAt"] = 1_795_946_400_000
        #expect(EventSample.decode(json).rejection == Rejection(.wrongType, "field occurredAt: expected an RFC 3339 UTC timestamp string, got a number"))
    }
}
