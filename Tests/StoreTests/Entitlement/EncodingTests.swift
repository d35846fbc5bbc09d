import Entitlements
import Testing
import TestSupport
@testable import Store

@Suite("Entitlement store encoding")
struct EncodingTests {
    @Test("dates in keys sort chronologically, before and after 1970 and at the ends of the range")
    func dateOrder() throws {
        let dates = ["0001-01-01", "1899-12-31", "1969-12-31", "1970-01-01", "1970-01-02", "2026-04-06", "9999-12-31"].map(Fixture.date)
        let keys = dates.map { date -> [UInt8] in
            var writer = ByteWriter()
            writer.date(date)
            return writer.bytes
        }
        #expect(keys.sorted { KeyRange.compare($0, $1) < 0 } == keys)
        for (date, key) in zip(dates, keys) {
            let decoded = try key.withUnsafeBytes { buffer in
                var reader = ByteReader(buffer, family: "test")
                return try reader.date()
            }
            #expect(decoded == date)
        }
        #expect(Fixture.date("0001-01-01").daysSinceEpoch == CalendarDate.firstRepresentable)
        #expect(Fixture.date("9999-12-31").daysSinceEpoch == CalendarDate.lastRepresentable)
    }

    @Test("partitions sort numerically, and a partition's range holds only its keys")
    func partitionOrder() {
        #expect(KeyRange.compare(StoreKeys.partitionPrefix(1), StoreKeys.partitionPrefix(256)) < 0)
        #expect(KeyRange.compare(StoreKeys.partitionPrefix(255), StoreKeys.partitionPrefix(256)) < 0)
        let range = StoreKeys.partitionRange(255)
        #expect(range.contains(StoreKeys.awardPrefix(255, Fixture.award("\u{FFFF}"))))
        #expect(!range.contains(StoreKeys.awardPrefix(256, Fixture.award("A"))))
        #expect(!range.contains(StoreKeys.awardPrefix(254, Fixture.award("\u{FFFF}"))))
        #expect(StoreKeys.partitionRange(Int32.max).upper == nil)
    }

    @Test("a damaged value is a corruptRecord or unsupportedVersion error, never a crash")
    func damagedValues() throws {
        let fact = AwardFact(awardID: Fixture.award("A-1"), nino: Fixture.alice, change: .started(AwardStart(
            benefit: .universalCredit, frequency: .monthly, firstDueDate: Fixture.date("2026-01-31"), amount: Pence(42_490),
            endDate: Fixture.date("2027-01-31"), arrival: Fixture.arrival(5))))
        let key = StoreKeys.award(3, fact)
        let value = RecordCodec.encode(fact)
        func decode(_ value: [UInt8]) throws -> AwardFact {
            try key.withUnsafeBytes { key in try value.withUnsafeBytes { try RecordCodec.decodeAward(key: key, value: $0).fact } }
        }
        #expect(try decode(value) == fact)

        for length in 0..<value.count {
            let error = #expect(throws: StoreError.self) { try decode(Array(value.prefix(length))) }
            #expect(error?.code == .corruptRecord, "truncated to \(length) bytes")
        }
        let trailing = #expect(throws: StoreError.self) { try decode(value + [0]) }
        #expect(trailing?.code == .corruptRecord)
        var newer = value
        newer[0] = 2
        let version = #expect(throws: StoreError.self) { try decode(newer) }
        #expect(version?.code == .unsupportedVersion)
        // A NINO that no longer validates (bytes 9... hold its length and text).
        var badNINO = value
        badNINO[11] = UInt8(ascii: "D")
        let invalid = #expect(throws: StoreError.self) { try decode(badNINO) }
        #expect(invalid?.code == .corruptRecord)
        #expect(invalid?.family == "awards")
    }

    @Test("a damaged ledger entry whose payment id does not match is caught")
    func ledgerPaymentID() throws {
        let entry = Fixture.ledger("A-1", "2026-02-02")
        var value = RecordCodec.encode(entry)
        let key = StoreKeys.dated(0, entry.awardID, entry.dueDate)
        value[3] ^= 0xFF
        let error = #expect(throws: StoreError.self) {
            try key.withUnsafeBytes { key in try value.withUnsafeBytes { try RecordCodec.decodeLedger(key: key, value: $0) } }
        }
        #expect(error?.code == .corruptRecord)
    }

    @Test("a damaged stored value surfaces from the store as a StoreError")
    func damagedInStore() throws {
        let test = try TestStore()
        try test.store.apply(StoreUpdate(facts: [(0, Fixture.started("A-1", Fixture.alice))]))
        let key = StoreKeys.award(0, AwardFact(awardID: Fixture.award("A-1"), nino: Fixture.alice, change: .ended(AwardEnd(endDate: Fixture.date("2026-01-01"), arrival: Fixture.arrival(0)))))
        try test.store.database.put(key, [1, 0, 0], in: test.store.awards)
        let error = #expect(throws: StoreError.self) { try test.store.award(Fixture.award("A-1"), partition: 0) }
        #expect(error?.code == .corruptRecord)
        // The digest does not decode values, but a value shorter than its header is caught.
        let digestError = #expect(throws: StoreError.self) { try test.store.digest() }
        #expect(digestError?.code == .corruptRecord)
    }
}
