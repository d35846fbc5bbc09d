import Entitlements

/// The file order of a partition's paid payments (DOMAIN.md 5: credits ordered by
/// paymentId), by payment date first so each date's payments are contiguous.
///
/// A partition can hold hundreds of thousands of payments a day, so this sorts small keys
/// rather than the payments, and uses a least-significant-digit radix sort on the paymentId's
/// leading 64 bits (four stable 16-bit passes, sequential memory traffic), then one stable
/// counting pass by date, then settles the rare equal leading halves by the trailing 64 bits.
/// The result is exactly the order of (paymentDate, paymentId).
enum PaymentOrder {
    struct Key {
        var high: UInt64
        var low: UInt64
        var date: Int32
        var index: Int32

        var sortKey: (Int32, UInt64, UInt64) { (date, high, low) }
    }

    /// Below this many keys a comparison sort is simpler and as fast.
    static let radixThreshold = 4_096

    static func sort(_ keys: inout [Key]) {
        guard keys.count >= radixThreshold else {
            keys.sort { $0.sortKey < $1.sortKey }
            return
        }
        var buffer = keys
        for shift in stride(from: 0, to: 64, by: 16) {
            countingPass(from: keys, into: &buffer, buckets: 1 << 16) { Int(($0.high >> UInt64(shift)) & 0xFFFF) }
            swap(&keys, &buffer)
        }
        let dates = Set(keys.map(\.date)).sorted()
        if dates.count > 1 {
            var rank: [Int32: Int] = [:]
            for (position, date) in dates.enumerated() { rank[date] = position }
            countingPass(from: keys, into: &buffer, buckets: dates.count) { rank[$0.date]! }
            swap(&keys, &buffer)
        }
        settleEqualLeadingHalves(&keys)
    }

    /// One stable counting-sort pass on `digit`.
    private static func countingPass(from source: [Key], into destination: inout [Key], buckets: Int, digit: (Key) -> Int) {
        var starts = [Int](repeating: 0, count: buckets + 1)
        for key in source { starts[digit(key) + 1] += 1 }
        for bucket in 0..<buckets { starts[bucket + 1] += starts[bucket] }
        destination.withUnsafeMutableBufferPointer { out in
            for key in source {
                let bucket = digit(key)
                out[starts[bucket]] = key
                starts[bucket] += 1
            }
        }
    }

    /// Runs of keys with the same date and leading half are ordered by the trailing half.
    private static func settleEqualLeadingHalves(_ keys: inout [Key]) {
        var start = 0
        while start < keys.count {
            var end = start + 1
            while end < keys.count, keys[end].date == keys[start].date, keys[end].high == keys[start].high { end += 1 }
            if end - start > 1 { keys[start..<end].sort { $0.low < $1.low } }
            start = end
        }
    }
}
