import Foundation
import Kafka

/// Where `backstop replay` starts (DESIGN.md 5).
public enum ReplayStart: Sendable, Equatable {
    /// The store's own next offsets; partitions it has none of from the beginning. The default:
    /// a later replay continues an earlier one.
    case store
    /// Every partition from its first record, into an empty state folder.
    case beginning
    /// These partitions from these offsets; the others as `.store`.
    case offsets([TopicPartition: Int64])
    /// Every partition from its first record at or after this moment (milliseconds since the
    /// epoch), into an empty state folder. Needs a broker that looks offsets up by time.
    case timestamp(Int64)

    /// Parses `beginning`, `offset:TOPIC:PARTITION=OFFSET,…` or `timestamp:T` (T in RFC 3339).
    public init(parsing text: String) throws(ReplayError) {
        if text == "beginning" {
            self = .beginning
        } else if text.hasPrefix("offset:") {
            var offsets: [TopicPartition: Int64] = [:]
            for item in text.dropFirst("offset:".count).split(separator: ",") {
                let parts = item.split(separator: "=")
                let place = parts.first?.split(separator: ":") ?? []
                guard parts.count == 2, place.count == 2, let partition = Int32(place[1]), partition >= 0,
                      let offset = Int64(parts[1]), offset >= 0 else {
                    throw ReplayError("--from: '\(item)' is not TOPIC:PARTITION=OFFSET")
                }
                offsets[TopicPartition(String(place[0]), partition)] = offset
            }
            guard !offsets.isEmpty else { throw ReplayError("--from offset: names no partition") }
            self = .offsets(offsets)
        } else if text.hasPrefix("timestamp:") {
            self = .timestamp(try Self.milliseconds(String(text.dropFirst("timestamp:".count)), option: "--from timestamp:"))
        } else {
            throw ReplayError("--from must be beginning, offset:TOPIC:PARTITION=OFFSET,… or timestamp:T, got '\(text)'")
        }
    }

    /// Milliseconds since the epoch of an RFC 3339 instant (`2026-11-02T12:00:00Z`).
    public static func milliseconds(_ text: String, option: String) throws(ReplayError) -> Int64 {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var date = formatter.date(from: text)
        if date == nil {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = formatter.date(from: text)
        }
        guard let date else { throw ReplayError("\(option) '\(text)' is not an RFC 3339 instant such as 2026-11-02T12:00:00Z") }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

/// Why a replay cannot go on, in one sentence naming the option or the partition.
public struct ReplayError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
