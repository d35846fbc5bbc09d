/// A partition's low watermark (first offset still held) and high watermark (offset the next
/// record will get). Lag is high minus the consumer's position.
public struct Watermarks: Hashable, Sendable {
    public let low: Int64
    public let high: Int64

    public init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }
}
