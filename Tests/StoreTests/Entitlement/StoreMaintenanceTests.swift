import Entitlements
import Testing
import TestSupport
@testable import Store

@Suite("Entitlement store: apply, drop, prune, counts")
struct StoreMaintenanceTests {
    static let awardsOffset = InputPartition(topic: "estate.awards", partition: 0)

    @Test("state and offsets are applied together, or neither is")
    func atomicApply() throws {
        let test = try TestStore()
        try test.store.apply(StoreUpdate(facts: [(0, Fixture.started("A-1", Fixture.alice))], nextOffsets: [Self.awardsOffset: 1]))
        let before = try test.store.digest()

        // The second fact is refused (a name over the limit): nothing of the update is written,
        // neither the first fact nor the offset.
        var update = StoreUpdate(nextOffsets: [Self.awardsOffset: 3])
        update.append(Fixture.rate("A-1", Fixture.alice, from: "2026-04-06", amount: 1, offset: 1), partition: 0)
        update.append(Fixture.claimant(Fixture.alice, name: String(repeating: "x", count: StoreLimits.textBytes + 1)), partition: 0)
        #expect(update.facts[1].fact.limitProblem != nil)
        let error = #expect(throws: StoreError.self) { try test.store.apply(update) }
        #expect(error?.code == .invalidFact)
        #expect(try test.store.digest() == before)
        #expect(try test.store.nextOffsets() == [Self.awardsOffset: 1])

        // The same update without the offending fact lands whole.
        update.facts.removeLast()
        try test.store.apply(update)
        #expect(try test.store.nextOffsets() == [Self.awardsOffset: 3])
        #expect(try test.store.award(Fixture.award("A-1"), partition: 0)?.rateChanges.count == 1)

        // An update that would move the offset back is refused whole, too.
        let stale = StoreUpdate(facts: [(0, Fixture.ended("A-1", Fixture.alice, "2026-12-31", offset: 2))], nextOffsets: [Self.awardsOffset: 2])
        let regression = #expect(throws: StoreError.self) { try test.store.apply(stale) }
        #expect(regression?.code == .offsetRegression)
        #expect(try test.store.award(Fixture.award("A-1"), partition: 0)?.end == nil)
        try test.store.apply(StoreUpdate(nextOffsets: [Self.awardsOffset: 3]))
    }

    @Test("dropping a partition removes exactly that partition and its estate offsets")
    func dropPartition() throws {
        let test = try TestStore()
        let command = CommandRecord(commandID: "c-1", decision: "ACCEPTED", reason: "ok", decidedAtMilliseconds: 1)
        try test.store.apply(StoreUpdate(
            facts: Fixture.estate() + [(0, .command(command))],
            nextOffsets: [
                InputPartition(topic: "estate.awards", partition: 0): 5,
                InputPartition(topic: "estate.awards", partition: 1): 7,
                InputPartition(topic: "estate.payments", partition: 1): 2,
                InputPartition(topic: "backstop.control", partition: 1): 9,
            ]))
        try test.store.recordLedger([Fixture.ledger("B-1", "2026-03-02")], partition: 1)
        // A partition whose number sorts right after: its keys must survive a drop of 1.
        try test.store.apply(StoreUpdate(facts: [(2, Fixture.started("C-1", Fixture.bob))]))
        let partitionZero = try test.store.digest(partitions: [0])
        let partitionTwo = try test.store.digest(partitions: [2])
        #expect(try test.store.partitions() == [0, 1, 2])

        try test.store.drop(partition: 1)

        #expect(try test.store.partitions() == [0, 2])
        #expect(try test.store.counts(partition: 1) == StoreCounts())
        #expect(try test.store.digest(partitions: [0]) == partitionZero)
        #expect(try test.store.digest(partitions: [2]) == partitionTwo)
        #expect(try test.store.nextOffsets() == [
            InputPartition(topic: "estate.awards", partition: 0): 5,
            InputPartition(topic: "backstop.control", partition: 1): 9,
        ])
        #expect(try test.store.command("c-1") == command)
        #expect(try test.store.claimant(Fixture.bob, partition: 1) == ClaimantState())
        #expect(try test.store.award(Fixture.award("B-1"), partition: 1) == nil)
    }

    @Test("pruning removes what is older than the horizon and keeps what is within it")
    func prune() throws {
        var options = StoreOptions()
        options.retentionDays = 100
        let test = try TestStore(options: options)
        let today = Fixture.date("2026-12-01")
        let horizon = today.adding(days: -100)  // 2026-08-23
        #expect(horizon == Fixture.date("2026-08-23"))
        try test.store.apply(StoreUpdate(facts: [
            (0, Fixture.started("A-1", Fixture.alice)),
            // Rates: 2026-04-06 is superseded by 2026-07-01, the one in force on the horizon;
            // 2026-10-01 is after the horizon and stays.
            (0, Fixture.rate("A-1", Fixture.alice, from: "2026-04-06", amount: 1, offset: 11)),
            (0, Fixture.rate("A-1", Fixture.alice, from: "2026-07-01", amount: 2, offset: 12)),
            (0, Fixture.rate("A-1", Fixture.alice, from: "2026-10-01", amount: 3, offset: 13)),
            // Suspensions: only the last on or before the horizon and the later ones stay.
            (0, Fixture.suspension("A-1", Fixture.alice, from: "2026-05-01", suspended: true, offset: 14)),
            (0, Fixture.suspension("A-1", Fixture.alice, from: "2026-08-23", suspended: false, offset: 15)),
            // Deductions: one ended before the horizon, one ends on it, one open-ended.
            (0, Fixture.deduction("A-1", Fixture.alice, "old", amount: 1, from: "2026-01-01", to: "2026-08-22", offset: 16)),
            (0, Fixture.deduction("A-1", Fixture.alice, "edge", amount: 1, from: "2026-01-01", to: "2026-08-23", offset: 17)),
            (0, Fixture.deduction("A-1", Fixture.alice, "open", amount: 1, from: "2026-01-01", to: nil, offset: 18)),
            (0, Fixture.paid("A-1", Fixture.alice, "2026-08-22")),
            (0, Fixture.paid("A-1", Fixture.alice, "2026-08-23")),
            (0, Fixture.paid("A-1", Fixture.alice, "2026-11-30")),
            (1, Fixture.started("B-1", Fixture.bob)),
        ]))
        try test.store.recordLedger([Fixture.ledger("A-1", "2026-07-01"), Fixture.ledger("A-1", "2026-09-01")], partition: 0)

        let summary = try test.store.prune(today: today)
        #expect(summary == PruneSummary(horizon: horizon, paidMarkers: 1, ledgerEntries: 1, rateChanges: 1, suspensions: 1, deductions: 1))

        let award = try #require(try test.store.award(Fixture.award("A-1"), partition: 0))
        #expect(award.rateChanges.map(\.effectiveFrom) == ["2026-07-01", "2026-10-01"].map(Fixture.date))
        #expect(award.suspensions.map(\.from) == [Fixture.date("2026-08-23")])
        #expect(award.deductions.map(\.id.value) == ["edge", "open"])
        #expect(award.paidByEstate.map(\.dueDate) == ["2026-08-23", "2026-11-30"].map(Fixture.date))
        #expect(award.ledger.map(\.dueDate) == [Fixture.date("2026-09-01")])
        #expect(award.start != nil)
        #expect(try test.store.award(Fixture.award("B-1"), partition: 1)?.start != nil)

        // Pruning again finds nothing more.
        #expect(try test.store.prune(today: today).total == 0)
    }

    @Test("pruning many entries writes them in bounded batches")
    func pruneInBatches() throws {
        var options = StoreOptions()
        options.retentionDays = 35
        let test = try TestStore(options: options)
        let count = StoreLimits.maintenanceBatchOperations + 500
        let first = Fixture.date("2020-01-01")
        var update = StoreUpdate()
        for index in 0..<count {
            update.append(.paid(PaidMarker(
                awardID: Fixture.award("A-\(index % 50)"), nino: Fixture.alice, dueDate: first.adding(days: index / 50),
                amount: Pence(1), arrival: Fixture.arrival(Int64(index)))), partition: 0)
        }
        try test.store.apply(update)
        #expect(try test.store.counts().paidMarkers == count)
        #expect(try test.store.prune(today: Fixture.date("2026-01-01")).paidMarkers == count)
        #expect(try test.store.counts().paidMarkers == 0)
    }

    @Test("counts count each kind of record, per partition and in all")
    func counts() throws {
        let test = try TestStore()
        try test.store.apply(StoreUpdate(
            facts: Fixture.estate() + [
                (1, Fixture.rate("B-2", Fixture.bob, from: "2026-01-01", amount: 1, offset: 30)),
                (0, .command(CommandRecord(commandID: "c", decision: "REJECTED", reason: "expired", decidedAtMilliseconds: 0))),
            ],
            nextOffsets: [Self.awardsOffset: 9]))
        try test.store.recordLedger([Fixture.ledger("A-1", "2026-02-02")], partition: 0)
        var expected = StoreCounts()
        expected.claimants = 2
        expected.deaths = 1
        expected.awards = 3
        expected.awardsWithoutStart = 1
        expected.awardFacts = 8
        expected.paidMarkers = 2
        expected.ledgerEntries = 1
        expected.commands = 1
        expected.inputPartitions = 1
        #expect(try test.store.counts() == expected)

        var partitionOne = StoreCounts()
        partitionOne.claimants = 1
        partitionOne.deaths = 1
        partitionOne.awards = 2
        partitionOne.awardsWithoutStart = 1
        partitionOne.awardFacts = 3
        partitionOne.paidMarkers = 1
        #expect(try test.store.counts(partition: 1) == partitionOne)
    }

    @Test("the store survives a reopen, and a store of another layout is refused")
    func layoutVersion() throws {
        let directory = try TemporaryDirectory()
        let path = directory.child("store")
        let digest: String
        do {
            let store = try EntitlementStore.open(at: path)
            try store.apply(StoreUpdate(facts: Fixture.estate(), nextOffsets: [Self.awardsOffset: 12]))
            digest = try store.digest()
        }
        do {
            let store = try EntitlementStore.open(at: path)
            #expect(try store.digest() == digest)
            #expect(try store.nextOffsets() == [Self.awardsOffset: 12])
            try store.database.put(StoreLayout.layoutKey, [0, 0, 0, 99], in: store.database.defaultColumnFamily)
        }
        let error = #expect(throws: StoreError.self) { try EntitlementStore.open(at: path) }
        #expect(error?.code == .incompatibleLayout)

        // A RocksDB database with data but no layout version is not taken for a store either.
        let other = directory.child("other")
        do {
            var options = DatabaseOptions()
            options.columnFamilies = ["awards"]
            let database = try Database.open(at: other, options: options)
            try database.put([1], [1], in: database.columnFamily("awards"))
        }
        let unversioned = #expect(throws: StoreError.self) { try EntitlementStore.open(at: other) }
        #expect(unversioned?.code == .incompatibleLayout)

        var bad = StoreOptions()
        bad.retentionDays = 7
        let setting = #expect(throws: StoreError.self) { try EntitlementStore.open(at: directory.child("third"), options: bad) }
        #expect(setting?.code == .invalidOption)
    }
}
