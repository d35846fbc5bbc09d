import Entitlements

/// A `PaymentIssued`: the estate paid this award for this nominal due date (DOMAIN.md section
/// 4, PAID_BY_ESTATE). The amount is kept for shadow reconciliation (DESIGN.md section 5).
public struct PaidMarker: Hashable, Sendable {
    public var awardID: AwardID
    public var nino: NINO
    public var dueDate: CalendarDate
    public var amount: Pence
    public var arrival: Arrival

    public init(awardID: AwardID, nino: NINO, dueDate: CalendarDate, amount: Pence, arrival: Arrival) {
        self.awardID = awardID
        self.nino = nino
        self.dueDate = dueDate
        self.amount = amount
        self.arrival = arrival
    }
}

/// A payment Backstop has emitted (DESIGN.md section 4, step 3; DOMAIN.md section 4,
/// PAID_BY_BACKSTOP). Keyed by award and due date, which determine the `paymentID`.
public struct LedgerEntry: Hashable, Sendable {
    public var awardID: AwardID
    public var dueDate: CalendarDate
    public var paymentID: PaymentID
    /// The run (the ACTIVATE's commandId) and the batch the payment was emitted in.
    public var runID: String
    public var batchID: String
    public var amount: Pence

    /// An entry for the payment of `awardID` due on `dueDate`; its id is derived from them.
    public init(awardID: AwardID, dueDate: CalendarDate, runID: String, batchID: String, amount: Pence) {
        self.awardID = awardID
        self.dueDate = dueDate
        self.paymentID = PaymentID(awardID: awardID, dueDate: dueDate)
        self.runID = runID
        self.batchID = batchID
        self.amount = amount
    }
}

/// A control command the control stage has decided on (DESIGN.md 2.2: a commandId is never
/// accepted twice). The decision and reason are those written to backstop.audit.
public struct CommandRecord: Hashable, Sendable {
    public var commandID: String
    public var decision: String
    public var reason: String
    /// When the decision was taken, in milliseconds since 1970-01-01 UTC (from the injected clock).
    public var decidedAtMilliseconds: Int64

    public init(commandID: String, decision: String, reason: String, decidedAtMilliseconds: Int64) {
        self.commandID = commandID
        self.decision = decision
        self.reason = reason
        self.decidedAtMilliseconds = decidedAtMilliseconds
    }
}

/// One partition of an input topic, whose next offset the store keeps (DESIGN.md section 3).
public struct InputPartition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        precondition(partition >= 0, "a Kafka partition is never negative: \(partition)")
        self.topic = topic
        self.partition = partition
    }

    public static func < (a: InputPartition, b: InputPartition) -> Bool { (a.topic, a.partition) < (b.topic, b.partition) }
    public var description: String { "\(topic)[\(partition)]" }
}
