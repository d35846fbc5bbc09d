import Entitlements

/// Gives claimant number `i` a NINO of its own: a prefix pair for each million claimants and
/// six digits that are a seeded permutation of `i mod 1,000,000`, so NINOs look scattered (and
/// their last two digits, which fix some paydays, are spread evenly) yet never collide.
struct NINOAllocator: Sendable {
    /// Prefix pairs allowed by DOMAIN.md 1.
    static let prefixes: [String] = {
        let first = Array("ABCEGHJKLMNOPRSTWXYZ")
        let second = Array("ABCEGHJKLMNPRSTWXYZ")
        let excluded: Set<String> = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "CR", "MW", "NC"]
        return first.flatMap { a in second.map { b in String([a, b]) } }.filter { !excluded.contains($0) }
    }()

    static var capacity: Int { prefixes.count * 1_000_000 }

    private let prefixOffset: Int
    private let multiplier: Int
    private let shift: Int

    init(seed: UInt64) {
        var rng = SplitMix64(seed: seed, stream: 0x4E49_4E4F)
        prefixOffset = rng.int(0...(Self.prefixes.count - 1))
        // Any multiplier coprime with 10^6 (odd, not a multiple of 5) permutes 0..<10^6.
        var m = rng.int(100_001...999_999)
        while m % 2 == 0 || m % 5 == 0 { m += 1 }
        multiplier = m
        shift = rng.int(0...999_999)
    }

    func nino(for index: Int) -> NINO {
        precondition(index >= 0 && index < Self.capacity, "claimant index out of range")
        let prefix = Self.prefixes[(index / 1_000_000 + prefixOffset) % Self.prefixes.count]
        let digits = (index % 1_000_000 * multiplier + shift) % 1_000_000
        let suffix = "ABCD"[("ABCD".index("ABCD".startIndex, offsetBy: index % 4))]
        let digitText = String(digits)
        let text = prefix + String(repeating: "0", count: 6 - digitText.count) + digitText + String(suffix)
        do { return try NINO(text) } catch {
            preconditionFailure("allocated NINO \(text) is invalid: \(error)")
        }
    }
}
