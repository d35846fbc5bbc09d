import Testing
import TestSupport
@testable import Entitlements

@Suite("Text folding for Bacs names and references (DOMAIN.md 1)")
struct BacsTextTests {
    @Test("upper-cases, keeps the allowed punctuation", arguments: [
        ("j smith", "J SMITH"),
        ("A N Other", "A N OTHER"),
        ("Smith & Sons Ltd.", "SMITH & SONS LTD."),
        ("o'brien-jones / trust", "O BRIEN-JONES / TR"),
    ])
    func ascii(input: String, expected: String) {
        #expect(BacsText.fold(input, width: 18) == expected)
    }

    @Test("accents become base letters; ß Æ Ø Œ become SS AE O OE", arguments: [
        ("Zoë Brontë", "ZOE BRONTE"),
        ("José Müller", "JOSE MULLER"),
        ("Ångström", "ANGSTROM"),
        ("Straße", "STRASSE"),
        ("STRAẞE", "STRASSE"),
        ("Æthelred", "AETHELRED"),
        ("æsir", "AESIR"),
        ("Søren Ødegård", "SOREN ODEGARD"),
        ("Œuvre cœur", "OEUVRE COEUR"),
        ("Ç Ñ", "C N"),
    ])
    func accents(input: String, expected: String) {
        #expect(BacsText.fold(input, width: 30) == expected)
    }

    @Test("anything else becomes a space; runs collapse; ends are trimmed")
    func spaces() {
        #expect(BacsText.fold("  Mary\t\tO'Neil  ", width: 18) == "MARY O NEIL")
        #expect(BacsText.fold("A,,B;;C", width: 18) == "A B C")
        #expect(BacsText.fold("李 Wei", width: 18) == "WEI")
        #expect(BacsText.fold("Łukasz 😀 Nowak", width: 18) == "UKASZ NOWAK")
        #expect(BacsText.fold("***", width: 18) == "")
        #expect(BacsText.fold("", width: 18) == "")
    }

    @Test("truncates to the width and never ends with a space")
    func truncation() {
        #expect(BacsText.fold("ABCDEFGHIJKLMNOPQRSTUVWXYZ", width: 18) == "ABCDEFGHIJKLMNOPQR")
        #expect(BacsText.fold("ABCDEFGHIJKLMNOPQ RST", width: 18) == "ABCDEFGHIJKLMNOPQ")
        #expect(BacsText.fold("Straße", width: 5) == "STRAS")
        #expect(BacsText.fold("anything", width: 0) == "")
    }

    @Test("folding is idempotent and its output uses only allowed characters")
    func idempotent() {
        var generator = SeededGenerator(seed: 7)
        let alphabet = Array("abcXYZ 09.&/-éßÆøŒ,;'\t李😀ñABC  ")
        for _ in 0..<2000 {
            let text = String((0..<Int.random(in: 0...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let folded = BacsText.fold(text, width: 18)
            #expect(folded.utf8.count <= 18)
            #expect(folded.utf8.allSatisfy(BacsText.isAllowed))
            #expect(!folded.hasPrefix(" ") && !folded.hasSuffix(" ") && !folded.contains("  "))
            #expect(BacsText.fold(folded, width: 18) == folded)
            #expect(BacsText.isFolded(folded, width: 18))
            #expect(BacsText.isFolded(text, width: 18) == (BacsText.fold(text, width: 18) == text), "\(text)")
            #expect(BacsText.isFolded(folded, width: 5) == (folded.utf8.count <= 5))
            let plain = String((0..<Int.random(in: 0...20, using: &generator)).map { _ in Array("AB .-&").randomElement(using: &generator)! })
            #expect(BacsText.isFolded(plain, width: 18) == (BacsText.fold(plain, width: 18) == plain), "\(plain)")
        }
    }
}
