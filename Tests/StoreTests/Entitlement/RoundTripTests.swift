import Entitlements
import Testing
@testable import Store

@Suite("Entitlement store records")
struct RoundTripTests {
    @Test("claimants and deaths round-trip, and a later upsert does not undo a death")
    func claimants() throws {
        let test = try TestStore()
        var record = ClaimantRecord(
            nino: Fixture.alice, name: "Zoë Ğüneş-O'Brien", dateOfBirth: Fixture.date("1939-12-31"),
            bank: BankDetails(
                sortCode: try SortCode("089999"), accountNumber: try AccountNumber("66374958"), accountName: "Zoë O'Brien",
                rollNumber: "ROLL/123-A"),
            arrival: Fixture.arrival(7))
        try test.store.apply(StoreUpdate(facts: [(3, .claimant(record)), (3, Fixture.death(Fixture.alice, "2026-03-04", offset: 8))]))
        var state = try test.store.claimant(Fixture.alice, partition: 3)
        #expect(state.record == record)
        #expect(state.death == DeathRecord(nino: Fixture.alice, dateOfDeath: Fixture.date("2026-03-04"), arrival: Fixture.arrival(8)))

        record.bank = BankDetails(sortCode: try SortCode("200000"), accountNumber: try AccountNumber("12345678"), accountName: "New Name")
        record.arrival = Fixture.arrival(9)
        try test.store.apply(StoreUpdate(facts: [(3, .claimant(record))]))
        state = try test.store.claimant(Fixture.alice, partition: 3)
        #expect(state.record == record)
        #expect(state.death?.dateOfDeath == Fixture.date("2026-03-04"))
        // Another partition knows nothing of the claimant.
        #expect(try test.store.claimant(Fixture.alice, partition: 4) == ClaimantState())
    }

    @Test("every kind of award fact round-trips, in date and id order")
    func awards() throws {
        let test = try TestStore()
        let facts: [StoreFact] = [
            Fixture.deduction("A-1", Fixture.alice, "zz", amount: 100, from: "2026-01-01", to: nil, offset: 1),
            Fixture.rate("A-1", Fixture.alice, from: "2026-04-06", amount: 95_000, offset: 2),
            Fixture.started("A-1", Fixture.alice, offset: 3),
            Fixture.rate("A-1", Fixture.alice, from: "2025-04-07", amount: 90_000, offset: 4),
            Fixture.suspension("A-1", Fixture.alice, from: "2026-06-01", suspended: false, offset: 5),
            Fixture.suspension("A-1", Fixture.alice, from: "2026-05-01", suspended: true, offset: 6),
            Fixture.ended("A-1", Fixture.alice, "2027-01-01", offset: 7),
            Fixture.deduction("A-1", Fixture.alice, "aa", amount: 250, from: "2026-02-01", to: "2026-03-01", offset: 8),
        ]
        try test.store.apply(StoreUpdate(facts: facts.map { (0, $0) }))
        let award = try #require(try test.store.award(Fixture.award("A-1"), partition: 0))
        #expect(award.nino == Fixture.alice)
        #expect(award.start?.amount == Pence(92_100))
        #expect(award.start?.benefit == .statePension)
        #expect(award.rateChanges.map(\.effectiveFrom) == [Fixture.date("2025-04-07"), Fixture.date("2026-04-06")])
        #expect(award.rateChanges.map(\.arrival.offset) == [4, 2])
        #expect(award.suspensions.map(\.isSuspended) == [true, false])
        #expect(award.end == AwardEnd(endDate: Fixture.date("2027-01-01"), arrival: Fixture.arrival(7)))
        #expect(award.deductions.map(\.id.value) == ["aa", "zz"])
        #expect(award.deductions.first?.to == Fixture.date("2026-03-01"))
        #expect(award.deductions.last?.to == nil)
        // Each stored fact decodes back to the fact that was applied.
        var stored: [StoreFact] = []
        for rate in award.rateChanges { stored.append(.award(AwardFact(awardID: award.awardID, nino: award.nino, change: .rateChanged(rate)))) }
        for suspension in award.suspensions { stored.append(.award(AwardFact(awardID: award.awardID, nino: award.nino, change: .suspension(suspension)))) }
        for deduction in award.deductions { stored.append(.award(AwardFact(awardID: award.awardID, nino: award.nino, change: .deductionSet(deduction)))) }
        stored.append(.award(AwardFact(awardID: award.awardID, nino: award.nino, change: .started(try #require(award.start)))))
        stored.append(.award(AwardFact(awardID: award.awardID, nino: award.nino, change: .ended(try #require(award.end)))))
        #expect(Set(stored) == Set(facts))
        #expect(try test.store.award(Fixture.award("A-2"), partition: 0) == nil)
    }

    @Test("where two facts share a date, the later arrival is the one kept")
    func laterArrivalWins() throws {
        let test = try TestStore()
        var update = StoreUpdate()
        update.append(Fixture.started("A-1", Fixture.alice, offset: 1), partition: 0)
        update.append(Fixture.rate("A-1", Fixture.alice, from: "2026-04-06", amount: 1_000, offset: 2), partition: 0)
        update.append(Fixture.rate("A-1", Fixture.alice, from: "2026-04-06", amount: 2_000, offset: 3), partition: 0)
        update.append(Fixture.suspension("A-1", Fixture.alice, from: "2026-05-01", suspended: true, offset: 4), partition: 0)
        update.append(Fixture.suspension("A-1", Fixture.alice, from: "2026-05-01", suspended: false, offset: 5), partition: 0)
        update.append(Fixture.ended("A-1", Fixture.alice, "2027-01-01", offset: 6), partition: 0)
        update.append(Fixture.deduction("A-1", Fixture.alice, "D", amount: 10, from: "2026-01-01", to: nil, offset: 7), partition: 0)
        try test.store.apply(update)
        // Later arrivals in a later update, too.
        try test.store.apply(StoreUpdate(facts: [
            (0, Fixture.ended("A-1", Fixture.alice, "2026-12-01", offset: 8)),
            (0, Fixture.deduction("A-1", Fixture.alice, "D", amount: 20, from: "2026-02-01", to: "2026-08-01", offset: 9)),
        ]))
        let award = try #require(try test.store.award(Fixture.award("A-1"), partition: 0))
        #expect(award.rateChanges.map(\.amount) == [Pence(2_000)])
        #expect(award.suspensions.map(\.isSuspended) == [false])
        #expect(award.end?.endDate == Fixture.date("2026-12-01"))
        #expect(award.deductions.map(\.amount) == [Pence(20)])
        #expect(award.deductions.map(\.to) == [Fixture.date("2026-08-01")])
    }

    @Test("paid markers and ledger entries round-trip, and the due-date window selects them")
    func paidAndLedger() throws {
        let test = try TestStore()
        try test.store.apply(StoreUpdate(facts: [
            (2, Fixture.started("A-1", Fixture.alice)),
            (2, Fixture.claimant(Fixture.alice)),
            (2, Fixture.paid("A-1", Fixture.alice, "2026-01-05", offset: 50)),
            (2, Fixture.paid("A-1", Fixture.alice, "2026-02-02", offset: 51)),
            (2, Fixture.paid("A-1", Fixture.alice, "2026-03-02", offset: 52)),
            // Another award whose id extends this one's: its entries must not leak in.
            (2, Fixture.paid("A-10", Fixture.alice, "2026-02-02", offset: 53)),
        ]))
        let entries = [Fixture.ledger("A-1", "2026-03-30"), Fixture.ledger("A-1", "2026-04-27", run: "run-2")]
        try test.store.recordLedger(entries, partition: 2)
        #expect(entries[0].paymentID == PaymentID(awardID: Fixture.award("A-1"), dueDate: Fixture.date("2026-03-30")))

        let all = try #require(try test.store.award(Fixture.award("A-1"), partition: 2))
        #expect(all.paidByEstate.map(\.dueDate) == ["2026-01-05", "2026-02-02", "2026-03-02"].map(Fixture.date))
        #expect(all.paidByEstate.first == PaidMarker(
            awardID: Fixture.award("A-1"), nino: Fixture.alice, dueDate: Fixture.date("2026-01-05"), amount: Pence(92_100), arrival: Fixture.arrival(50)))
        #expect(all.ledger == entries)
        #expect(all.claimant.record?.name == "Jane Smith")

        let window = try #require(try test.store.award(
            Fixture.award("A-1"), partition: 2, dueDates: Fixture.date("2026-02-02")...Fixture.date("2026-03-30")))
        #expect(window.paidByEstate.map(\.dueDate) == ["2026-02-02", "2026-03-02"].map(Fixture.date))
        #expect(window.ledger == [entries[0]])

        #expect(try test.store.paidMarker(Fixture.award("A-1"), dueDate: Fixture.date("2026-02-02"), partition: 2)?.arrival.offset == 51)
        #expect(try test.store.paidMarker(Fixture.award("A-1"), dueDate: Fixture.date("2026-02-03"), partition: 2) == nil)
        #expect(try test.store.ledgerEntry(Fixture.award("A-1"), dueDate: Fixture.date("2026-04-27"), partition: 2) == entries[1])
        #expect(try test.store.ledgerEntry(Fixture.award("A-1"), dueDate: Fixture.date("2026-04-27"), partition: 3) == nil)
    }

    @Test("commands and offsets round-trip; estate and shared offsets are kept apart")
    func commandsAndOffsets() throws {
        let test = try TestStore()
        let command = CommandRecord(commandID: "5b0e-aa", decision: "ACCEPTED", reason: "quorum 2 of 2", decidedAtMilliseconds: 1_795_000_000_000)
        let offsets: [InputPartition: Int64] = [
            InputPartition(topic: "estate.awards", partition: 0): 17,
            InputPartition(topic: "estate.claimants", partition: 0): 4,
            InputPartition(topic: "estate.awards", partition: 1): 0,
            InputPartition(topic: "backstop.control", partition: 0): 9,
        ]
        try test.store.apply(StoreUpdate(facts: [(0, .command(command))], nextOffsets: offsets))
        #expect(try test.store.command("5b0e-aa") == command)
        #expect(try test.store.command("other") == nil)
        #expect(try test.store.nextOffsets() == offsets)
        try test.store.apply(StoreUpdate(nextOffsets: [InputPartition(topic: "estate.awards", partition: 0): 18]))
        #expect(try test.store.nextOffsets()[InputPartition(topic: "estate.awards", partition: 0)] == 18)
    }

    @Test("an estate event becomes the fact the store keeps")
    func fromEstateEvents() throws {
        let decoder = EstateEventDecoder()
        let records: [(EstateTopic, String)] = [
            (.claimants, #"{"type":"ClaimantUpserted","eventId":"e1","occurredAt":"2026-01-01T00:00:00Z","nino":"AB123456C","name":"Jane Smith","dateOfBirth":"1950-03-01","bank":{"sortCode":"089999","accountNumber":"66374958","accountName":"J Smith"}}"#),
            (.awards, #"{"type":"AwardStarted","eventId":"e2","occurredAt":"2026-01-01T00:00:00Z","nino":"AB123456C","awardId":"A-1","benefit":"SP","frequency":"FOUR_WEEKLY","firstDueDate":"2026-01-05","amountPence":92100}"#),
            (.awards, #"{"type":"AwardSuspended","eventId":"e3","occurredAt":"2026-01-01T00:00:00Z","nino":"AB123456C","awardId":"A-1","from":"2026-05-01"}"#),
            (.awards, #"{"type":"DeductionSet","eventId":"e4","occurredAt":"2026-01-01T00:00:00Z","nino":"AB123456C","awardId":"A-1","deductionId":"D-1","amountPence":500,"from":"2026-02-01"}"#),
            (.payments, #"{"type":"PaymentIssued","eventId":"e5","occurredAt":"2026-01-01T00:00:00Z","nino":"AB123456C","awardId":"A-1","dueDate":"2026-01-05","amountPence":92100}"#),
            (.claimants, #"{"type":"ClaimantDied","eventId":"e6","occurredAt":"2026-01-01T00:00:00Z","nino":"AB123456C","dateOfDeath":"2026-08-01"}"#),
        ]
        var update = StoreUpdate()
        for (offset, (topic, json)) in records.enumerated() {
            let event = try decoder.decode(Array(json.utf8), topic: topic).get()
            update.append(event, partition: 5, offset: Int64(offset))
        }
        let test = try TestStore()
        try test.store.apply(update)
        let award = try #require(try test.store.award(Fixture.award("A-1"), partition: 5))
        #expect(award.start?.frequency == .fourWeekly)
        #expect(award.suspensions == [SuspensionChange(from: Fixture.date("2026-05-01"), isSuspended: true, arrival: Fixture.arrival(2))])
        #expect(award.deductions.map(\.id.value) == ["D-1"])
        #expect(award.paidByEstate.map(\.arrival.offset) == [4])
        #expect(award.claimant.record?.bank.accountName == "J SMITH")
        #expect(award.claimant.death?.dateOfDeath == Fixture.date("2026-08-01"))
    }
}
