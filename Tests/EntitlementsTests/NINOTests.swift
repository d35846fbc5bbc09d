import Foundation
import Testing
@testable import Entitlements

@Suite("NINO (DOMAIN.md 1)")
struct NINOTests {
    @Test("valid numbers are normalised to upper case without spaces")
    func normalises() throws {
        #expect(try NINO("AB123456C").value == "AB123456C")
        #expect(try NINO("ab123456c").value == "AB123456C")
        #expect(try NINO("AB 12 34 56 C").value == "AB123456C")
        #expect(try NINO(" hl 987654 a ").value == "HL987654A")
        #expect(try NINO("AB123456C").digits == 123456)
    }

    @Test("every suffix A to D is accepted, anything else refused")
    func suffixes() throws {
        for suffix in ["A", "B", "C", "D"] { _ = try NINO("AB123456" + suffix) }
        for suffix in ["E", "Z", "0", ""] { #expect(throws: ValidationError.self) { try NINO("AB123456" + suffix) } }
    }

    @Test("first letter D F I Q U V refused", arguments: ["D", "F", "I", "Q", "U", "V"])
    func excludedFirst(letter: String) {
        #expect(throws: ValidationError.self) { try NINO(letter + "A123456C") }
    }

    @Test("second letter D F I Q U V O refused", arguments: ["D", "F", "I", "Q", "U", "V", "O"])
    func excludedSecond(letter: String) {
        #expect(throws: ValidationError.self) { try NINO("A" + letter + "123456C") }
    }

    @Test("O is allowed as the first letter only")
    func letterO() throws {
        _ = try NINO("OA123456C")
        #expect(throws: ValidationError.self) { try NINO("AO123456C") }
    }

    @Test("never-issued and administrative prefixes refused",
          arguments: ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "CR", "MW", "NC"])
    func excludedPrefixes(prefix: String) {
        #expect(throws: ValidationError.self) { try NINO(prefix + "123456A") }
    }

    @Test("every other prefix built from allowed letters is accepted")
    func allOtherPrefixes() throws {
        let first = "ABCEGHJKLMNOPRSTWXYZ", second = "ABCEGHJKLMNPRSTWXYZ"
        var accepted = 0
        for a in first { for b in second where !NINO.refusedPrefixes.contains("\(a)\(b)") {
            _ = try NINO("\(a)\(b)000000A")
            accepted += 1
        } }
        #expect(accepted == 20 * 19 - 10)
    }

    @Test("wrong shape refused with a reason", arguments: ["AB12345C", "AB1234567C", "A1123456C", "AB12E456C", "", "AB-123456C"])
    func shapes(text: String) {
        #expect(throws: ValidationError.self) { try NINO(text) }
        do { _ = try NINO(text) } catch { #expect(error.code == .nino); #expect(!error.reason.isEmpty) }
    }

    @Test("Codable as a string, validating when decoding")
    func codable() throws {
        let data = try JSONEncoder().encode([try NINO("ab123456c")])
        #expect(String(decoding: data, as: UTF8.self) == #"["AB123456C"]"#)
        #expect(throws: (any Error).self) { try JSONDecoder().decode([NINO].self, from: Data(#"["ZZ123456C"]"#.utf8)) }
    }
}
