import CRdKafka

/// Owns one `rd_kafka_topic_partition_list_t` built from Swift values; `deinit` destroys it.
/// Lists that librdkafka owns (those given to callbacks) are only read, with `read(_:)`.
final class RDKafkaTopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(_ entries: [TopicPartitionOffset]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: max(entries.count, 1)))
        for entry in entries {
            let element = rd_kafka_topic_partition_list_add(pointer, entry.topic, entry.partition)
            element!.pointee.offset = entry.offset.rawValue
        }
    }

    convenience init(_ partitions: [TopicPartition], offset: KafkaOffset) {
        self.init(partitions.map { TopicPartitionOffset($0.topic, $0.partition, offset) })
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    /// The entries of any list, with the per-entry error librdkafka set, if any.
    static func read(
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) -> [(entry: TopicPartitionOffset, error: rd_kafka_resp_err_t)] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            let entry = TopicPartitionOffset(
                String(cString: element.topic), element.partition, KafkaOffset(librdkafka: element.offset))
            return (entry, element.err)
        }
    }

    var entries: [(entry: TopicPartitionOffset, error: rd_kafka_resp_err_t)] { Self.read(pointer) }
}
