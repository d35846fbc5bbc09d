import Testing
import TestSupport
@testable import Bacs

@Suite("File order of payments: radix sort against a comparison sort")
struct PaymentOrderTests {
    @Test("large partitions (radix path) and small ones (comparison path) give (date, paymentId) order", arguments: [100, 4_096, 60_000])
    func matchesComparisonSort(count: Int) {
        var g = SeededGenerator(seed: UInt64(count))
        var keys: [PaymentOrder.Key] = (0..<count).map { index in
            // Few leading halves in places, so equal leading halves are settled by the trailing half.
            let high = index % 7 == 0 ? UInt64.random(in: 0...3, using: &g) << 60 : UInt64.random(in: 0...UInt64.max, using: &g)
            return PaymentOrder.Key(high: high, low: UInt64.random(in: 0...UInt64.max, using: &g),
                                    date: Int32(20_000 + Int.random(in: 0...4, using: &g)), index: Int32(index))
        }
        let expected = keys.sorted { $0.sortKey < $1.sortKey }.map(\.index)
        PaymentOrder.sort(&keys)
        #expect(keys.map(\.index) == expected)
    }
}
