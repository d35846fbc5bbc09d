import Entitlements
import TestSupport
@testable import Store

/// Small, valid domain values and facts for the store's tests.
enum Fixture {
    static func date(_ text: String) -> CalendarDate { try! CalendarDate(text) }
    static func nino(_ text: String) -> NINO { try! NINO(text) }
    static func award(_ text: String) -> AwardID { try! AwardID(text) }
    static func arrival(_ offset: Int64) -> Arrival { Arrival(offset: offset) }

    static let alice = nino("AB123456C")
    static let bob = nino("HL987654A")

    static func claimant(_ nino: NINO, name: String = "Jane Smith", account: String = "66374958", offset: Int64 = 1) -> StoreFact {
        .claimant(ClaimantRecord(
            nino: nino, name: name, dateOfBirth: date("1950-03-01"),
            bank: BankDetails(sortCode: try! SortCode("089999"), accountNumber: try! AccountNumber(account), accountName: "J Smith"),
            arrival: arrival(offset)))
    }

    static func death(_ nino: NINO, _ day: String, offset: Int64 = 2) -> StoreFact {
        .death(DeathRecord(nino: nino, dateOfDeath: date(day), arrival: arrival(offset)))
    }

    static func started(_ id: String, _ nino: NINO, amount: Int64 = 92_100, offset: Int64 = 10) -> StoreFact {
        .award(AwardFact(awardID: award(id), nino: nino, change: .started(AwardStart(
            benefit: .statePension, frequency: .fourWeekly, firstDueDate: date("2026-01-05"), amount: Pence(amount),
            endDate: nil, arrival: arrival(offset)))))
    }

    static func rate(_ id: String, _ nino: NINO, from day: String, amount: Int64, offset: Int64) -> StoreFact {
        .award(AwardFact(awardID: award(id), nino: nino, change: .rateChanged(
            RateChange(effectiveFrom: date(day), amount: Pence(amount), arrival: arrival(offset)))))
    }

    static func suspension(_ id: String, _ nino: NINO, from day: String, suspended: Bool, offset: Int64) -> StoreFact {
        .award(AwardFact(awardID: award(id), nino: nino, change: .suspension(
            SuspensionChange(from: date(day), isSuspended: suspended, arrival: arrival(offset)))))
    }

    static func ended(_ id: String, _ nino: NINO, _ day: String, offset: Int64) -> StoreFact {
        .award(AwardFact(awardID: award(id), nino: nino, change: .ended(AwardEnd(endDate: date(day), arrival: arrival(offset)))))
    }

    static func deduction(_ id: String, _ nino: NINO, _ deductionID: String, amount: Int64, from: String, to: String?, offset: Int64) -> StoreFact {
        .award(AwardFact(awardID: award(id), nino: nino, change: .deductionSet(Deduction(
            id: try! DeductionID(deductionID), amount: Pence(amount), from: date(from), to: to.map(date), arrival: arrival(offset)))))
    }

    static func paid(_ id: String, _ nino: NINO, _ day: String, amount: Int64 = 92_100, offset: Int64 = 100) -> StoreFact {
        .paid(PaidMarker(awardID: award(id), nino: nino, dueDate: date(day), amount: Pence(amount), arrival: arrival(offset)))
    }

    static func ledger(_ id: String, _ day: String, run: String = "run-1", amount: Int64 = 92_100) -> LedgerEntry {
        LedgerEntry(awardID: award(id), dueDate: date(day), runID: run, batchID: "\(run)-b1", amount: Pence(amount))
    }

    /// A varied content for two partitions: claimants, a death, awards with every kind of fact,
    /// paid markers.
    static func estate() -> [(partition: Int32, fact: StoreFact)] {
        [
            (0, claimant(alice)),
            (0, started("A-1", alice)),
            (0, rate("A-1", alice, from: "2026-04-06", amount: 95_000, offset: 11)),
            (0, suspension("A-1", alice, from: "2026-05-01", suspended: true, offset: 12)),
            (0, suspension("A-1", alice, from: "2026-06-01", suspended: false, offset: 13)),
            (0, deduction("A-1", alice, "D-1", amount: 500, from: "2026-02-01", to: "2026-12-31", offset: 14)),
            (0, paid("A-1", alice, "2026-01-05")),
            (1, claimant(bob, name: "Bob Jones", account: "88837491")),
            (1, death(bob, "2026-07-01")),
            (1, started("B-1", bob, amount: 44_160, offset: 20)),
            (1, ended("B-1", bob, "2026-09-01", offset: 21)),
            (1, paid("B-1", bob, "2026-02-02", amount: 44_160, offset: 101)),
        ]
    }
}

/// A store in a fresh temporary directory, kept alive with it.
struct TestStore {
    let directory: TemporaryDirectory
    let store: EntitlementStore

    init(name: String = "store", options: StoreOptions = StoreOptions()) throws {
        directory = try TemporaryDirectory()
        var options = options
        // Tests do not need an fsync per write.
        options.database.syncWrites = false
        store = try EntitlementStore.open(at: directory.child(name), options: options)
    }
}
