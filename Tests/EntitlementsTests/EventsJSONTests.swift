import Testing
@testable import Entitlements

@Suite("The decoder's JSON scanner: RFC 8259, strictly (DESIGN.md 6: NOT_JSON, NOT_AN_OBJECT)")
struct EventsJSONTests {
    /// A valid ClaimantDied with `extra` spliced in as an unknown member's value.
    static func died(extra: String) -> String {
        #"{"type":"ClaimantDied","eventId":"e","occurredAt":"2026-11-29T10:00:00Z","nino":"AB123456C","dateOfDeath":"2026-11-17","x":"# + extra + "}"
    }

    static func reason(_ bytes: [UInt8]) -> Rejection.Reason? {
        EstateEventDecoder().decode(bytes, topic: .claimants).reason
    }

    @Test("text that is not JSON is NOT_JSON, wherever the fault is", arguments: [
        "", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{'a':1}", "{\"a\":1,}", "{a:1}", "{\"a\":1 \"b\":2}", "{\"a\":1}}",
        "{} {}", "{} x", "[1,]", "not json",
    ])
    func notJSON(text: String) {
        #expect(Self.reason(Array(text.utf8)) == .notJSON)
    }

    @Test("a bad value inside an unknown field still makes the record NOT_JSON", arguments: [
        "01", "+1", ".5", "1.", "1e", "1e+", "-", "--1", "NaN", "Infinity", "tru", "nul", "True", "0x10",
        "\"\\x\"", "\"\\u12\"", "\"\\uZZZZ\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"a\u{1}b\"", "\"tab\there\"",
        "\"unclosed", "[1 2]", "{\"k\" 1}", "[", "{\"k\":1,}",
    ])
    func badUnknownMember(value: String) {
        #expect(Self.reason(Array(Self.died(extra: value).utf8)) == .notJSON, "\(value)")
    }

    @Test("valid JSON in an unknown field is ignored", arguments: [
        "0", "-0", "1.5e-300", "1E+2", "123456789012345678901234567890", "true", "false", "null", "[]", "{}",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\uFFFF\\ud83d\\ude00\"", "[[[]],{\"a\":[{}]}]", " \t\r\n 1 \t\r\n",
    ])
    func goodUnknownMember(value: String) {
        #expect(Self.reason(Array(Self.died(extra: value).utf8)) == nil, "\(value)")
    }

    @Test("bytes that are not UTF-8 are NOT_JSON", arguments: [
        [0xC3, 0x28], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
    ] as [[UInt8]])
    func notUTF8(sequence: [UInt8]) {
        let parts = Self.died(extra: "\"@\"").split(separator: "@", omittingEmptySubsequences: false)
        let bytes = Array(parts[0].utf8) + sequence + Array(parts[1].utf8)
        #expect(Self.reason(bytes) == .notJSON)
    }

    @Test("well-formed UTF-8 of every length is accepted", arguments: ["é", "€", "😀", "\u{10FFFF}", "\u{FFFD}"])
    func utf8(text: String) {
        #expect(Self.reason(Array(Self.died(extra: "\"\(text)\"").utf8)) == nil)
    }

    @Test("a byte-order mark is not JSON")
    func byteOrderMark() {
        #expect(Self.reason([0xEF, 0xBB, 0xBF] + Array(Self.died(extra: "1").utf8)) == .notJSON)
    }

    @Test("nesting is bounded: 128 levels are read, 129 are NOT_JSON")
    func depth() {
        // The record's object is level 1, so an unknown member can hold 127 more.
        let deepest = String(repeating: "[", count: JSONScanner.maximumDepth - 1) + String(repeating: "]", count: JSONScanner.maximumDepth - 1)
        #expect(Self.reason(Array(Self.died(extra: deepest).utf8)) == nil)
        let tooDeep = "[" + deepest + "]"
        let rejection = EstateEventDecoder().decode(Array(Self.died(extra: tooDeep).utf8), topic: .claimants).rejection
        #expect(rejection?.reason == .notJSON)
        #expect(rejection?.detail.contains("nested deeper than 128") == true)
        let hostile = String(repeating: "[", count: 100_000)
        #expect(Self.reason(Array(hostile.utf8)) == .notJSON)
    }

    @Test("JSON that is not an object is NOT_AN_OBJECT, saying what it is", arguments: [
        ("[]", "an array"), ("[{\"type\":\"ClaimantDied\"}]", "an array"), ("\"ClaimantDied\"", "a string"),
        ("42", "a number"), ("-1.5e3", "a number"), ("true", "a boolean"), ("null", "null"), (" null ", "null"),
    ])
    func notAnObject(text: String, phrase: String) {
        let rejection = EstateEventDecoder().decode(Array(text.utf8), topic: .awards).rejection
        #expect(rejection == Rejection(.notAnObject, "the value is \(phrase), not an object"))
    }

    @Test("the NOT_JSON detail says where")
    func notJSONDetail() {
        let rejection = EstateEventDecoder().decode(Array(#"{"type":"ClaimantDied",}"#.utf8), topic: .claimants).rejection
        #expect(rejection == Rejection(.notJSON, "not JSON: expected a quoted member name at byte 23"))
        #expect(EstateEventDecoder().decode([], topic: .claimants).rejection == Rejection(.notJSON, "the value is empty"))
        let tombstone: [UInt8]? = nil
        #expect(EstateEventDecoder().decode(tombstone, topic: .awards).rejection == Rejection(.notJSON, "the record has no value (a tombstone)"))
        let present: [UInt8]? = Array(Self.died(extra: "1").utf8)
        #expect(EstateEventDecoder().decode(present, topic: .claimants).event != nil)
    }

    @Test("raw-pointer and array entry points agree")
    func entryPoints() {
        let bytes = Array(Self.died(extra: "1").utf8)
        let viaPointer = bytes.withUnsafeBytes { EstateEventDecoder().decode($0, topic: .claimants) }
        #expect(viaPointer == EstateEventDecoder().decode(bytes, topic: .claimants))
        #expect(viaPointer.event != nil)
    }

    @Test("integers are read exactly from their decimal digits", arguments: [
        ("0", JSONText.Integer.value(0)), ("-0", .value(0)), ("7", .value(7)), ("-7", .value(-7)), ("10.00", .value(10)),
        ("1.25e2", .value(125)), ("125e-1", .fraction), ("0.000", .value(0)), ("0e99999999999", .value(0)),
        ("9223372036854775807", .value(.max)), ("-9223372036854775808", .value(.min)),
        ("9223372036854775808", .outOfRange(negative: false)), ("-9223372036854775809", .outOfRange(negative: true)),
        ("1e19", .outOfRange(negative: false)), ("1e999999999999999999", .outOfRange(negative: false)),
        ("1e-999999999999999999", .fraction), ("100000000000000000000e-2", .value(1_000_000_000_000_000_000)),
        ("1.0000000000000000000001", .fraction),
    ])
    func integers(text: String, expected: JSONText.Integer) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let token = JSONToken(kind: .number, start: 0, end: buffer.count, escaped: false)
            #expect(JSONText.integer(token, in: buffer) == expected)
        }
    }
}
