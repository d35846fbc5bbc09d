extension Duration {
    /// Whole milliseconds, rounded down, clamped to `Int32` (librdkafka's timeouts and `*.ms`
    /// properties are C `int`). Negative durations become 0.
    var clampedMilliseconds: Int32 {
        Int32(clamping: max(0, wholeMilliseconds))
    }

    /// Whole milliseconds, rounded down.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedReportingOverflow(by: 1000).overflow
            ? (seconds < 0 ? Int64.min : Int64.max)
            : seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
