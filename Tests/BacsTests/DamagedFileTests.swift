import Foundation
import Testing
import TestSupport
@testable import Bacs
@testable import Entitlements

/// The reference file with one thing changed, and the problems the verifier must report.
@Suite("Damaged files are rejected with line and field")
struct DamagedFileTests {
    /// The reference file's ten records, without their CRLF.
    func records() throws -> [String] {
        Array(String(decoding: try Fixtures.bytes("reference.std18"), as: UTF8.self).components(separatedBy: "\r\n").dropLast())
    }

    func join(_ records: [String]) -> [UInt8] { Array(records.map { $0 + "\r\n" }.joined().utf8) }

    func problems(_ change: (inout [String]) -> Void) throws -> [String] {
        var lines = try records()
        change(&lines)
        return Standard18Reader.verify(join(lines)).map(\.description)
    }

    func replacing(_ line: String, at position: Int, with text: String) -> String {
        var bytes = Array(line.utf8)
        bytes.replaceSubrange((position - 1)..<(position - 1 + text.utf8.count), with: Array(text.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("a short line")
    func shortLine() throws {
        #expect(try problems { $0[4].removeLast() } == ["line 5: 99 characters; a credit record has exactly 100"])
        #expect(try problems { $0[0].removeLast() } == ["line 1: 79 characters; a VOL1 record has exactly 80"])
    }

    @Test("a wrong total in the trailer, and a contra that does not equal the credits")
    func wrongTotal() throws {
        #expect(try problems { $0[9] = replacing($0[9], at: 18, with: "0000000136261") }
                == ["line 10, credit total (18–30): is 136261 but the file holds 136260"])
        #expect(try problems { $0[6] = replacing($0[6], at: 36, with: "00000136259") } == [
            "line 7, amount (36–46): contra 136259 does not equal the credits' total 136260",
            "line 10, debit total (5–17): is 136260 but the file holds 136259",
        ])
        #expect(try problems { $0[9] = replacing($0[9], at: 38, with: "0000003") }
                == ["line 10, credit count (38–44): is 3 but the file holds 2"])
    }

    @Test("a bad character")
    func badCharacter() throws {
        #expect(try problems { $0[4] = replacing($0[4], at: 84, with: "s") }
                == [#"line 5, account name (83–100): character "s" is outside A–Z 0–9 space . & / -"#])
        #expect(try problems { $0[5] = replacing($0[5], at: 70, with: "é") }.first?.hasPrefix("line 6") == true)
        var bytes = join(try records())
        bytes[82 * 4 + 90] = 0x09
        #expect(Standard18Reader.verify(bytes).map(\.description)
                == ["line 5, account name (83–100): byte 0x9 at position 91 is not a printable 7-bit ASCII character"])
    }

    @Test("a missing contra")
    func missingContra() throws {
        #expect(try problems { $0.remove(at: 6) } == [
            "line 7: missing the contra record (transaction code 17) before EOF1",
            "line 9, debit count (31–37): is 1 but the file holds 0",
        ])
    }

    @Test("swapped labels")
    func swappedLabels() throws {
        #expect(try problems { $0.swapAt(1, 2) } == [
            #"line 2, label (1–4): expected HDR1, found "HDR2""#,
            #"line 3, label (1–4): expected HDR2, found "HDR1""#,
        ])
        #expect(try problems { $0.swapAt(7, 8) } == [
            #"line 8, label (1–4): expected EOF1, found "EOF2""#,
            #"line 9, label (1–4): expected EOF2, found "EOF1""#,
        ])
    }

    @Test("EOF1 that does not match HDR1, and a serial not repeated in HDR1")
    func labelsDisagree() throws {
        #expect(try problems { $0[7] = replacing($0[7], at: 42, with: " 26088") }
                == ["line 8, creation date (42–47): must match HDR1 on line 2"])
        #expect(try problems { $0[1] = replacing($0[1], at: 22, with: "000002"); $0[7] = replacing($0[7], at: 22, with: "000002") }
                == [#"line 2, serial (22–27): must repeat the VOL1 serial "000001""#])
        #expect(try problems { $0[0] = replacing($0[0], at: 5, with: "000000") }.contains("line 1, serial (5–10): must not be all zeros"))
    }

    @Test("bad dates, transaction codes, amounts and line endings")
    func otherDamage() throws {
        #expect(try problems { $0[3] = replacing($0[3], at: 5, with: " 26400") }
                == [#"line 4, processing day (5–10): must be a date as space, YY and day of year DDD, found " 26400""#])
        #expect(try problems { $0[3] = replacing($0[3], at: 5, with: " 26088") }
                == ["line 4, processing day (5–10): 2026-03-29 is before the creation date 2026-03-30"])
        #expect(try problems { $0[4] = replacing($0[4], at: 16, with: "98") }.first
                == #"line 5, transaction code (16–17): must be 99 (credit) or 17 (contra), found "98""#)
        #expect(try problems { $0[4] = replacing($0[4], at: 36, with: "0000009210A") }.first
                == #"line 5, amount (36–46): must be digits, found "0000009210A""#)
        #expect(try problems { $0.append($0[9]) } == ["line 11: a record after UTL1; UTL1 ends the file"])
        #expect(try problems { $0.swapAt(4, 6) }.first == "line 6: a record after the contra; the contra must be the last data record")

        let lfOnly = Array(try records().map { $0 + "\n" }.joined().utf8)
        #expect(Standard18Reader.verify(lfOnly).count == 10)
        #expect(Standard18Reader.verify(lfOnly).first?.description == "line 1: ends in LF without CR; every record ends in CRLF")
        let unterminated = Array(try Fixtures.bytes("reference.std18").dropLast(2))
        #expect(Standard18Reader.verify(unterminated).map(\.description) == ["line 10: does not end in CRLF"])
        #expect(Standard18Reader.verify([]).first?.description == "line 1: missing VOL1 record; the file ends early")
    }

    @Test("what a bank accepts is accepted: double spaces inside a name")
    func bankAccepts() throws {
        #expect(try problems { $0[4] = replacing($0[4], at: 83, with: "J  SMITH") } == [])
        var lines = try records()
        lines[4] = replacing(lines[4], at: 83, with: "J  SMITH")
        #expect(try Standard18Reader.read(join(lines)).credits[0].accountName == "J  SMITH")
    }

    @Test("credits whose total does not fit the 11-digit contra are refused")
    func totalTooLarge() throws {
        let found = try problems {
            $0[4] = replacing($0[4], at: 36, with: "99999999999")
            $0[5] = replacing($0[5], at: 36, with: "00000000001")
        }
        #expect(found.first == "line 6, amount (36–46): the credits' total exceeds 99999999999 pence, the most one file may hold")
    }

    @Test("reading a damaged file throws every problem")
    func readThrows() throws {
        var lines = try records()
        lines[4].removeLast()
        #expect(throws: Standard18Error.self) { try Standard18Reader.read(join(lines)) }
    }
}
