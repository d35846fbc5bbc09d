/// A Kafka protocol request type, for injecting errors into the embedded cluster.
public struct KafkaAPIKey: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int16
    public let name: String

    public init(rawValue: Int16, name: String) {
        self.rawValue = rawValue
        self.name = name
    }

    public var description: String { "\(name)(\(rawValue))" }

    public static let produce = KafkaAPIKey(rawValue: 0, name: "Produce")
    public static let fetch = KafkaAPIKey(rawValue: 1, name: "Fetch")
    public static let listOffsets = KafkaAPIKey(rawValue: 2, name: "ListOffsets")
    public static let metadata = KafkaAPIKey(rawValue: 3, name: "Metadata")
    public static let offsetCommit = KafkaAPIKey(rawValue: 8, name: "OffsetCommit")
    public static let offsetFetch = KafkaAPIKey(rawValue: 9, name: "OffsetFetch")
    public static let findCoordinator = KafkaAPIKey(rawValue: 10, name: "FindCoordinator")
    public static let joinGroup = KafkaAPIKey(rawValue: 11, name: "JoinGroup")
    public static let heartbeat = KafkaAPIKey(rawValue: 12, name: "Heartbeat")
    public static let syncGroup = KafkaAPIKey(rawValue: 14, name: "SyncGroup")
    public static let initProducerID = KafkaAPIKey(rawValue: 22, name: "InitProducerId")
    public static let addPartitionsToTxn = KafkaAPIKey(rawValue: 24, name: "AddPartitionsToTxn")
    public static let addOffsetsToTxn = KafkaAPIKey(rawValue: 25, name: "AddOffsetsToTxn")
    public static let endTxn = KafkaAPIKey(rawValue: 26, name: "EndTxn")
    public static let txnOffsetCommit = KafkaAPIKey(rawValue: 28, name: "TxnOffsetCommit")
}
