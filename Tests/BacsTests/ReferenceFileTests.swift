import Foundation
import Testing
import TestSupport
@testable import Bacs
@testable import Entitlements

@Suite("DOMAIN.md 5's reference file (golden)")
struct ReferenceFileTests {
    @Test("the writer reproduces the reference file byte for byte")
    func writes() throws {
        let expected = try Fixtures.bytes("reference.std18")
        let written = Standard18Writer.encode(try referenceFile())
        #expect(written.count == expected.count)
        #expect(written == expected, "\(String(decoding: written, as: UTF8.self))")
        #expect(Standard18Writer.size(creditCount: 2) == expected.count)
    }

    @Test("the reader reads it back to the same values, and the verifier accepts it")
    func reads() throws {
        let bytes = try Fixtures.bytes("reference.std18")
        #expect(try Standard18Reader.read(bytes) == referenceFile())
        #expect(Standard18Reader.verify(bytes) == [])
        let file = try Standard18Reader.read(bytes)
        #expect(file.total == 136_260)
        #expect(file.credits.map(\.reference) == ["AB123456C DWP SP", "HL987654A DWP PIP"])
        #expect(file.credits.map(\.accountName) == ["J SMITH", "A N OTHER"])
    }

    @Test("every record is 80 or 100 characters of 7-bit ASCII followed by CRLF")
    func shape() throws {
        let text = String(decoding: try Fixtures.bytes("reference.std18"), as: UTF8.self)
        let records = text.components(separatedBy: "\r\n")
        #expect(records.last == "")
        #expect(records.dropLast().map(\.utf8.count) == [80, 80, 80, 80, 100, 100, 100, 80, 80, 80])
        #expect(text.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test("Bacs dates: space, YY, day of year")
    func dates() {
        #expect(BacsDate.format(day("2026-03-31")) == " 26090")
        #expect(BacsDate.format(day("2026-01-01")) == " 26001")
        #expect(BacsDate.format(day("2028-12-31")) == " 28366")
        #expect(BacsDate.format(day("2005-02-03")) == " 05034")
        #expect(BacsDate.parse(Array(" 26090".utf8)) == day("2026-03-31"))
        #expect(BacsDate.parse(Array(" 28366".utf8)) == day("2028-12-31"))
        #expect(BacsDate.parse(Array(" 26366".utf8)) == nil)
        #expect(BacsDate.parse(Array(" 26000".utf8)) == nil)
        #expect(BacsDate.parse(Array("026090".utf8)) == nil)
        #expect(BacsDate.parse(Array(" 2609".utf8)) == nil)
    }
}
