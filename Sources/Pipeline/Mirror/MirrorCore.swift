import Entitlements
import Kafka
import Store

/// The mirror's state machine (STYLE.md 7 and 16): which estate partitions it owns, how far
/// each input partition is applied, and which are caught up. Pure: every event returns what
/// to do, and the driver (`MirrorStage`, or `Replay`) does the I/O. Events arrive in the order
/// the consumer reported them.
///
/// Exactly once: `plan` skips any record below the next offset already applied, so records
/// delivered again (a consumer restarted from an older position) change nothing; and it skips
/// every record of a partition not owned, so a batch read before a revocation never applies
/// a record of a partition we no longer own.
public struct MirrorCore: Sendable {
    public enum Progress: String, Sendable, Equatable {
        case building
        case caughtUp
    }

    /// What the driver does after an assignment.
    public enum AssignmentAction: Sendable, Equatable {
        /// Own `gained` (mark them building), and drop from the store the partitions revoked
        /// earlier that did not come back (`drop`).
        case own(gained: [Int32], drop: [Int32])
        /// The consumer would start a partition after the store's next offset (the store was
        /// dropped after the start offset was read): close the consumer and start a new one,
        /// which reads the start offsets again. Nothing was changed.
        case restartConsumer(String)
        /// The assignment breaks co-partitioning: stop with this message.
        case refuse(String)
    }

    public let topics: [String]
    public private(set) var owned: [Int32: Progress] = [:]
    /// The next offset to apply of each input partition known; absent: from its log start.
    public private(set) var next: [InputPartition: Int64] = [:]
    /// Revoked partitions whose store content stays until the next assignment says whether
    /// they came back: an eager rebalance revokes everything, then assigns again, and the
    /// start offsets of the new assignment were read from the store before we heard of it.
    public private(set) var pendingDrop: Set<Int32> = []
    /// Input partitions a replay has finished (reached `until`).
    public private(set) var finished: Set<InputPartition> = []

    public init(topics: [String]) {
        precondition(!topics.isEmpty, "the mirror reads at least one topic")
        self.topics = topics
    }

    // MARK: Rebalance

    /// The consumer now reads `starts`; `stored` is the store's next offsets now.
    public mutating func assigned(_ starts: [TopicPartitionOffset], stored: [InputPartition: Int64]) -> AssignmentAction {
        var byNumber: [Int32: Set<String>] = [:]
        for start in starts {
            guard topics.contains(start.topic) else { return .refuse("assigned \(start.topicPartition), which is not an estate topic") }
            byNumber[start.partition, default: []].insert(start.topic)
        }
        for (number, present) in byNumber.sorted(by: { $0.key < $1.key }) where present.count != topics.count {
            let missing = topics.filter { !present.contains($0) }.map { "\($0)[\(number)]" }
            return .refuse(
                "the assignment breaks co-partitioning: partition \(number) came without \(missing.joined(separator: ", ")); use an eager range assignor over topics with equal partition counts")
        }
        for start in starts {
            let have = stored[InputPartition(topic: start.topic, partition: start.partition)]
            if let from = start.offset.exactValue, from > (have ?? 0) {
                return .restartConsumer("\(start.topicPartition) would start at \(from) but the store is at \(have.map(String.init) ?? "nothing")")
            }
        }
        let numbers = Set(byNumber.keys)
        let drop = pendingDrop.subtracting(numbers).sorted()
        for number in drop { forget(number) }
        pendingDrop = []
        let gained = numbers.subtracting(owned.keys).sorted()
        for number in gained {
            owned[number] = .building
            for topic in topics {
                let input = InputPartition(topic: topic, partition: number)
                next[input] = stored[input]
            }
        }
        return .own(gained: gained, drop: drop)
    }

    /// The consumer no longer reads `partitions`: returns the partition numbers no longer owned.
    public mutating func revoked(_ partitions: [TopicPartition]) -> [Int32] {
        let numbers = Set(partitions.map(\.partition)).filter { owned[$0] != nil }.sorted()
        for number in numbers {
            owned[number] = nil
            pendingDrop.insert(number)
        }
        return numbers
    }

    private mutating func forget(_ number: Int32) {
        for topic in topics { next[InputPartition(topic: topic, partition: number)] = nil }
    }

    // MARK: Apply

    /// Decodes `records` into the dead letters and the one store update they make. Records of
    /// partitions not owned, already applied, or (with `until`, in milliseconds) stamped after
    /// it are skipped; the first record after `until` finishes its input partition, so a
    /// replay's next offsets stop exactly there.
    ///
    /// `verdicts`, when given, holds `MirrorCore.verdict(of:decoder:)` of each record, worked out
    /// beforehand (the driver decodes a batch on several threads); otherwise each is worked out here.
    public func plan(
        _ records: [KafkaRecord], decoder: EstateEventDecoder = EstateEventDecoder(), until: Int64? = nil,
        verdicts: [Result<StoreFact, Rejection>]? = nil
    ) -> MirrorPlan {
        precondition(verdicts.map { $0.count == records.count } ?? true, "one verdict per record")
        var plan = MirrorPlan()
        var finishedNow: Set<InputPartition> = []
        for (index, record) in records.enumerated() {
            let input = InputPartition(topic: record.topic, partition: record.partition)
            guard owned[record.partition] != nil, !finished.contains(input), !finishedNow.contains(input),
                  record.offset >= (plan.update.nextOffsets[input] ?? next[input] ?? 0),
                  let topic = EstateTopic(rawValue: record.topic)
            else {
                plan.skipped += 1
                continue
            }
            if let until, let stamp = record.timestamp?.milliseconds, stamp > until {
                finishedNow.insert(input)
                plan.skipped += 1
                continue
            }
            plan.update.nextOffsets[input] = record.offset + 1
            switch verdicts?[index] ?? Self.fact(of: record, topic: topic, decoder: decoder) {
            case .success(let fact):
                plan.update.append(fact, partition: record.partition)
                plan.applied[record.topic, default: 0] += 1
            case .failure(let rejection):
                plan.deadLetters.append(DeadLetter(source: record, rejection: rejection))
                plan.rejected[rejection.reason, default: 0] += 1
            }
        }
        plan.finished = finishedNow
        return plan
    }

    /// What `plan` makes of one record of an estate topic, with no state involved: safe to work
    /// out for many records at once, on any thread.
    public static func verdict(of record: KafkaRecord, decoder: EstateEventDecoder) -> Result<StoreFact, Rejection> {
        guard let topic = EstateTopic(rawValue: record.topic) else {
            return .failure(Rejection(.unknownEventType, "topic \(record.topic) is not an estate topic"))
        }
        return fact(of: record, topic: topic, decoder: decoder)
    }

    /// The fact a record makes, or why it is refused: the decoder's verdict, then the key
    /// check, then the store's limits (so `apply` never refuses a batch).
    static func fact(of record: KafkaRecord, topic: EstateTopic, decoder: EstateEventDecoder) -> Result<StoreFact, Rejection> {
        let event: EstateEvent
        switch decoder.decode(record.value, topic: topic) {
        case .failure(let rejection): return .failure(rejection)
        case .success(let decoded): event = decoded
        }
        guard let key = record.key, key.elementsEqual(event.nino.value.utf8) else {
            let shown = record.key.map { String(decoding: $0.prefix(Rejection.quotedLength), as: UTF8.self) }
            return .failure(Rejection(.keyMismatch, "key \(shown.map { "'\($0)'" } ?? "absent") is not the event's nino '\(event.nino.value)'"))
        }
        let fact = StoreFact(event, arrival: Arrival(offset: record.offset))
        if let problem = fact.limitProblem { return .failure(Rejection(.fieldTooLong, "field \(problem)")) }
        return .success(fact)
    }

    /// The plan's store update (and dead letters) are durable: advance.
    public mutating func committed(_ plan: MirrorPlan) {
        for (input, offset) in plan.update.nextOffsets where owned[input.partition] != nil {
            precondition(offset >= (next[input] ?? 0), "\(input): a committed plan never moves back")
            next[input] = offset
        }
        finished.formUnion(plan.finished)
    }

    /// Replay: marks input partitions finished without a record past `until` (they reached
    /// their end).
    public mutating func finish(_ inputs: some Sequence<InputPartition>) {
        finished.formUnion(inputs)
    }

    // MARK: Catch-up

    /// The position of an input partition: the next offset applied, or the log start.
    public func position(_ input: InputPartition, low: Int64) -> Int64 {
        next[input] ?? low
    }

    /// Compares positions with `watermarks` (offsets, never record counts: a log can have
    /// gaps). Returns the owned partitions that just caught up: every topic's position has
    /// reached its high watermark. A caught-up partition stays so.
    public mutating func measured(_ watermarks: [InputPartition: Watermarks]) -> [Int32] {
        var caughtUp: [Int32] = []
        for (number, progress) in owned.sorted(by: { $0.key < $1.key }) where progress == .building {
            let reached = topics.allSatisfy { topic in
                let input = InputPartition(topic: topic, partition: number)
                guard let marks = watermarks[input] else { return false }
                return position(input, low: marks.low) >= marks.high
            }
            if reached {
                owned[number] = .caughtUp
                caughtUp.append(number)
            }
        }
        return caughtUp
    }

    /// Where the group's offsets are committed to (lag monitoring only, DESIGN.md 3).
    public var commitOffsets: [TopicPartitionOffset] {
        next.filter { owned[$0.key.partition] != nil }.sorted { $0.key < $1.key }
            .map { TopicPartitionOffset($0.key.topic, $0.key.partition, .exactly($0.value)) }
    }
}
