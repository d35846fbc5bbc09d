/// Every failure of the Kafka layer. The code says which operation failed (extensible: new
/// codes are new static members, never a breaking change); when librdkafka reported the
/// failure, its error code and symbolic name are kept, with its retriable / fatal /
/// abort-the-transaction classification (STYLE.md 10, DESIGN.md 6 and 7.1).
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// What kind of operation failed.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A configuration property was rejected (unknown name, bad value, inconsistent set).
        public static let configuration = Code("configuration")
        /// A client handle could not be created.
        public static let client = Code("client")
        /// A record could not be enqueued or was not delivered.
        public static let produce = Code("produce")
        /// The consumer reported an error while polling.
        public static let consume = Code("consume")
        /// Subscribing or assigning partitions failed.
        public static let subscription = Code("subscription")
        /// Committing offsets failed.
        public static let commit = Code("commit")
        /// A watermark, position or metadata query failed.
        public static let query = Code("query")
        /// A transaction call failed.
        public static let transaction = Code("transaction")
        /// An error raised by the client outside any call (broker down, fatal state…).
        public static let clientEvent = Code("client-event")
        /// A wait ran past its deadline.
        public static let timeout = Code("timeout")
        /// The client was already closed.
        public static let closed = Code("closed")
        /// The embedded cluster refused an operation.
        public static let embeddedCluster = Code("embedded-cluster")
        /// An admin request (creating topics) failed as a whole.
        public static let admin = Code("admin")
    }

    /// Where the error was raised in this module's caller.
    public struct Location: Sendable, CustomStringConvertible {
        public let function: String
        public let file: String
        public let line: Int
        public var description: String { "\(file):\(line) \(function)" }
    }

    public let code: Code
    /// librdkafka's `rd_kafka_resp_err_t` value, when librdkafka reported it.
    public let librdkafkaCode: Int32?
    /// librdkafka's symbolic name of that code (`rd_kafka_err2name`), e.g. `_QUEUE_FULL`.
    public let librdkafkaName: String?
    public let message: String
    /// Retrying the same operation may succeed.
    public let isRetriable: Bool
    /// The client can no longer be used: recreate it (DESIGN.md 7.1).
    public let isFatal: Bool
    /// The current transaction must be aborted, then the work retried (abortable error).
    public let txnRequiresAbort: Bool
    public let location: Location

    public init(
        _ code: Code,
        message: String,
        librdkafkaCode: Int32? = nil,
        librdkafkaName: String? = nil,
        isRetriable: Bool = false,
        isFatal: Bool = false,
        txnRequiresAbort: Bool = false,
        function: String = #function,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.librdkafkaCode = librdkafkaCode
        self.librdkafkaName = librdkafkaName
        self.isRetriable = isRetriable
        self.isFatal = isFatal
        self.txnRequiresAbort = txnRequiresAbort
        self.location = Location(function: function, file: file, line: line)
    }

    public var description: String {
        var text = "KafkaError.\(code): \(message)"
        if let librdkafkaName { text += " [librdkafka \(librdkafkaName)]" }
        var flags: [String] = []
        if isFatal { flags.append("fatal") }
        if txnRequiresAbort { flags.append("abort transaction") }
        if isRetriable { flags.append("retriable") }
        if !flags.isEmpty { text += " (\(flags.joined(separator: ", ")))" }
        return text + " at \(location)"
    }
}
