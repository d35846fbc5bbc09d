import Testing
@testable import Entitlements

@Suite("Sort codes and account numbers (DOMAIN.md 1)")
struct BankDetailsTests {
    @Test("sort code is exactly six digits")
    func sortCode() throws {
        #expect(try SortCode("089999").value == "089999")
        for bad in ["08999", "0899999", "08-99-99", "08 99 99", "08999A", "", "٠٨٩٩٩٩"] {
            #expect(throws: ValidationError.self, "\(bad)") { try SortCode(bad) }
        }
    }

    @Test("account number is exactly eight digits: six or seven digits and hyphens are bad input")
    func accountNumber() throws {
        #expect(try AccountNumber("00012345").value == "00012345")
        for bad in ["123456", "1234567", "123456789", "1234-5678", "12345 678", "1234567X", ""] {
            #expect(throws: ValidationError.self, "\(bad)") { try AccountNumber(bad) }
        }
        do { _ = try AccountNumber("1234567") } catch {
            #expect(error.code == .accountNumber)
            #expect(error.reason == "must be exactly 8 digits, got 7")
        }
    }

    @Test("award id holds 1 to 32 characters, counted as Unicode scalars")
    func awardID() throws {
        _ = try AwardID("A")
        _ = try AwardID(String(repeating: "x", count: 32))
        _ = try AwardID(String(repeating: "é", count: 32))
        #expect(throws: ValidationError.self) { try AwardID("") }
        #expect(throws: ValidationError.self) { try AwardID(String(repeating: "x", count: 33)) }
        #expect(throws: ValidationError.self) { try AwardID("a\nb") }
    }

    @Test("benefit and frequency codes parse exactly")
    func codes() throws {
        #expect(Benefit.allCases.map(\.code) == ["SP", "PC", "UC", "PIP", "DLA", "AA", "ESA", "JSA", "CA", "IS"])
        #expect(try Benefit(code: "PIP") == .personalIndependencePayment)
        #expect(throws: ValidationError.self) { try Benefit(code: "sp") }
        #expect(try Frequency(code: "FOUR_WEEKLY") == .fourWeekly)
        #expect(throws: ValidationError.self) { try Frequency(code: "DAILY") }
        #expect(Frequency.allCases.map(\.intervalDays) == [7, 14, 28, nil])
    }
}
