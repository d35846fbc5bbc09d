import Crypto
import Foundation
import Testing
@testable import Entitlements

@Suite("PaymentID (DESIGN.md 2.3)")
struct PaymentIDTests {
    @Test("is the first 32 hex digits of SHA-256 of awardId|dueDate")
    func derivation() throws {
        let id = PaymentID(awardID: try AwardID("SP-0001"), dueDate: try CalendarDate("2026-03-31"))
        let digest = SHA256.hash(data: Data("SP-0001|2026-03-31".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(id.description == String(digest.prefix(32)))
        #expect(id.description.count == 32)
        // A fixed value, independently computed with `printf 'A1|2026-01-05' | sha256sum`.
        #expect(PaymentID(awardID: try AwardID("A1"), dueDate: try CalendarDate("2026-01-05")).description
                == "a575dde6d74a36ecc211f0c2cb98770a")
    }

    @Test("parses its own text and orders as the hex strings do")
    func parseAndOrder() throws {
        var ids: [PaymentID] = []
        for n in 0..<200 {
            ids.append(PaymentID(awardID: try AwardID("award-\(n)"), dueDate: try CalendarDate("2026-12-01")))
        }
        for id in ids { #expect(try PaymentID(id.description) == id) }
        #expect(ids.sorted().map(\.description) == ids.map(\.description).sorted())
        #expect(Set(ids).count == ids.count)
        #expect(throws: ValidationError.self) { try PaymentID("ABCDEF0123456789abcdef0123456789") }
        #expect(throws: ValidationError.self) { try PaymentID("abc") }
    }
}
