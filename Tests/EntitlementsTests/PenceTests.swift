import Foundation
import Testing
@testable import Entitlements

@Suite("Pence (DOMAIN.md: integer pence everywhere)")
struct PenceTests {
    @Test("formats as pounds with thousands separators")
    func formatting() {
        #expect(Pence(0).formatted == "£0.00")
        #expect(Pence(5).formatted == "£0.05")
        #expect(Pence(92100).formatted == "£921.00")
        #expect(Pence(123456).formatted == "£1,234.56")
        #expect(Pence(2_000_000).formatted == "£20,000.00")
        #expect(Pence(99_999_999_999).formatted == "£999,999,999.99")
        #expect(Pence(-123456).formatted == "-£1,234.56")
        #expect(Pence(Int64.min).formatted == "-£92,233,720,368,547,758.08")
    }

    @Test("non-negative constructor refuses negatives")
    func nonNegative() throws {
        #expect(try Pence(nonNegative: 0) == .zero)
        #expect(try Pence(nonNegative: 44160).value == 44160)
        #expect(throws: ValidationError.self) { try Pence(nonNegative: -1) }
    }

    @Test("checked helpers report overflow instead of wrapping")
    func overflow() {
        #expect(Pence(Int64.max).adding(1) == nil)
        #expect(Pence(Int64.min).subtracting(1) == nil)
        #expect(Pence(Int64.max).addingReportingOverflow(1).overflow)
        #expect(!Pence(Int64.max - 1).addingReportingOverflow(1).overflow)
        #expect(Pence(Int64.max - 1).adding(1) == Pence(Int64.max))
        #expect(Pence(10).subtracting(25) == Pence(-15))
        #expect(Pence(0).subtractingReportingOverflow(Pence(Int64.min)).overflow)
    }

    @Test("plain arithmetic and sums within range")
    func arithmetic() {
        var total: Pence = 92100
        total += 44160
        #expect(total == 136260)
        #expect([Pence(1), 2, 3].sum() == 6)
        #expect(Pence(5) - 7 == -2)
        #expect(Pence(1) < Pence(2))
    }

    @Test("Codable as an integer")
    func codable() throws {
        #expect(String(decoding: try JSONEncoder().encode([Pence(92100)]), as: UTF8.self) == "[92100]")
        #expect(try JSONDecoder().decode([Pence].self, from: Data("[44160]".utf8)) == [44160])
    }
}
