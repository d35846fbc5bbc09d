/// How the entitlement store lays out its data in RocksDB (DESIGN.md section 3). Version 1.
///
/// Every partitioned key starts with the estate partition number `P` (u32, big-endian), so the
/// data of one partition is one contiguous key range in each column family: a process that loses
/// a partition drops it with range deletions (DESIGN.md section 8), and a digest or count can be
/// taken per partition. Within a partition, keys sort by award (or claimant) and then by date,
/// because integers are big-endian and dates are order-preserving (see `ByteWriter`).
///
/// Notation: `P` partition u32; `str` u16 length then UTF-8; `date` u32 day number with the sign
/// bit flipped; `v` the value's encoding version (u8, now 1); `arrival` the input offset (i64).
///
/// | family    | key                                       | value (after `v`)                                        |
/// |-----------|-------------------------------------------|----------------------------------------------------------|
/// | claimants | P, nino (9 bytes), 0x01                   | arrival, name, date of birth, sort code, account, account name, roll number? |
/// | claimants | P, nino (9 bytes), 0x02                   | arrival, date of death                                   |
/// | awards    | P, str awardId, 0x01                      | arrival, nino, benefit, frequency, first due date, amount, end date? |
/// | awards    | P, str awardId, 0x02, date effectiveFrom  | arrival, nino, amount                                    |
/// | awards    | P, str awardId, 0x03, date from           | arrival, nino, suspended (bool)                          |
/// | awards    | P, str awardId, 0x04                      | arrival, nino, end date                                  |
/// | awards    | P, str awardId, 0x05, str deductionId     | arrival, nino, amount, from, to?                         |
/// | paid      | P, str awardId, date due                  | arrival, nino, amount                                    |
/// | ledger    | P, str awardId, date due                  | paymentId (16 bytes), str runId, str batchId, amount     |
/// | commands  | str commandId                             | str decision, str reason, decided at (ms, i64)           |
/// | offsets   | 0x01, P, str topic                        | next offset (i64): estate topics, dropped with P         |
/// | offsets   | 0x02, str topic, partition (u32)          | next offset (i64): shared topics (backstop.control)      |
/// | default   | "layout"                                  | layout version (u32)                                     |
///
/// Ties of DOMAIN.md section 4 are resolved by the keys: facts that the rules say replace each
/// other (two rate changes with one `effectiveFrom`, a suspension and a resumption with one
/// `from`, two `AwardEnded`, two `DeductionSet`s with one id, two upserts of a claimant) share a
/// key, and facts are applied in arrival order, so the later arrival is the one stored. Reads
/// therefore never re-sort by arrival, and superseded facts take no space.
///
/// Paid markers and ledger entries are keyed by award first, so a run reads the few of one award
/// with one seek; pruning them by date is a scan (`EntitlementStore.prune`), run off the
/// payment path.
public enum StoreLayout {
    /// Written under `layoutKey` in the default family; a store of another version is refused.
    public static let version: UInt32 = 1
    /// The encoding version of every value (its first byte).
    static let valueVersion: UInt8 = 1

    public enum Family: String, CaseIterable, Sendable {
        case claimants, awards, paid, ledger, commands, offsets

        /// The families whose content `digest()` covers, in the order it covers them.
        public static let logical: [Family] = [.claimants, .awards, .paid, .ledger]
        /// The families whose keys start with the estate partition.
        public static let partitioned: [Family] = [.claimants, .awards, .paid, .ledger]

        /// Bytes at the start of each value before its logical content (version, and arrival for
        /// facts that came from an input record); `digest()` leaves them out.
        var valueHeaderBytes: Int {
            switch self {
            case .claimants, .awards, .paid: 9
            case .ledger, .commands, .offsets: 1
            }
        }
    }

    static let layoutKey = Array("layout".utf8)

    /// Record kinds within a claimant's keys.
    enum ClaimantKind: UInt8 {
        case upserted = 0x01
        case died = 0x02
    }

    /// Record kinds within an award's keys.
    enum AwardKind: UInt8 {
        case started = 0x01
        case rateChanged = 0x02
        case suspension = 0x03
        case ended = 0x04
        case deductionSet = 0x05
    }

    /// Scopes of the offsets family.
    enum OffsetScope: UInt8 {
        /// An input partition owned with the estate partition of the same number.
        case estate = 0x01
        /// An input partition every process reads in full (backstop.control).
        case shared = 0x02
    }
}

/// Bounds the store asserts on what it is given (STYLE.md 11). Ids are bounded by their domain
/// types (64 characters at most); free text (a claimant's name, run and batch ids, command
/// reasons) gets a generous but finite limit, so that every string fits its 16-bit length.
public enum StoreLimits {
    public static let textBytes = 4_096
    /// Facts in one `StoreUpdate`, and entries in one `recordLedger` call: the caller (the mirror
    /// stage, a run's batch) cuts its work below this, so one atomic write stays a few MiB.
    public static let factsPerUpdate = 100_000
    /// Operations per write batch when pruning or counting deletions, so that maintenance
    /// never builds one huge batch in memory.
    public static let maintenanceBatchOperations = 10_000
}
