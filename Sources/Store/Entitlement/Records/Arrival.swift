/// Where a stored fact came from: the offset of the input record that set it, in its input
/// partition. All events of one award arrive on one partition of `estate.awards`, and all of a
/// claimant on one partition of `estate.claimants`, so between two facts of the same award (or
/// claimant) the greater offset is the later arrival (DOMAIN.md section 4: "where two events
/// carry the same date, the one that arrived later wins").
///
/// The store resolves those ties when it writes (a fact replaces the one stored under the same
/// key, and facts are applied in arrival order); the arrival is kept so that `backstop state`
/// and auditors can trace every fact to its record. It is not part of `digest()`.
public struct Arrival: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let offset: Int64

    public init(offset: Int64) {
        precondition(offset >= 0, "a Kafka offset is never negative: \(offset)")
        self.offset = offset
    }

    public static func < (a: Arrival, b: Arrival) -> Bool { a.offset < b.offset }
    public var description: String { "offset \(offset)" }
}
