import Entitlements
import Testing
@testable import Store

@Suite("Entitlement store digest")
struct DigestTests {
    /// Applies `facts` split into updates of `size` facts each.
    private func store(_ facts: [(partition: Int32, fact: StoreFact)], batchSize size: Int, offsets: [InputPartition: Int64] = [:]) throws -> TestStore {
        let test = try TestStore()
        for start in stride(from: 0, to: facts.count, by: size) {
            try test.store.apply(StoreUpdate(facts: Array(facts[start..<min(start + size, facts.count)])))
        }
        try test.store.apply(StoreUpdate(nextOffsets: offsets))
        return test
    }

    @Test("the same content written in different batch splits has the same digest; offsets do not count")
    func sameContentSameDigest() throws {
        let facts = Fixture.estate()
        let whole = try store(facts, batchSize: facts.count)
        let single = try store(facts, batchSize: 1, offsets: [InputPartition(topic: "estate.awards", partition: 0): 99])
        let pairs = try store(facts, batchSize: 2, offsets: [InputPartition(topic: "backstop.control", partition: 0): 3])
        let digest = try whole.store.digest()
        #expect(digest.count == 64)
        #expect(try single.store.digest() == digest)
        #expect(try pairs.store.digest() == digest)

        // Superseded facts leave no trace: an extra rate change later replaced by the final one.
        var withHistory = facts
        withHistory.insert((0, Fixture.rate("A-1", Fixture.alice, from: "2026-04-06", amount: 1, offset: 9)), at: 1)
        #expect(try store(withHistory, batchSize: 3).store.digest() == digest)

        // A checkpoint copy has the same digest.
        try whole.store.database.checkpoint(to: whole.directory.child("copy"))
        #expect(try EntitlementStore.open(at: whole.directory.child("copy")).digest() == digest)
    }

    @Test("arrivals are not content: the same facts from other offsets compare equal")
    func arrivalsIgnored() throws {
        let facts = Fixture.estate()
        let shifted = facts.map { entry -> (partition: Int32, fact: StoreFact) in
            var fact = entry.fact
            switch fact {
            case .claimant(var record): record.arrival = Arrival(offset: record.arrival.offset + 1_000); fact = .claimant(record)
            case .paid(var marker): marker.arrival = Arrival(offset: marker.arrival.offset + 1_000); fact = .paid(marker)
            default: break
            }
            return (entry.partition, fact)
        }
        #expect(try store(shifted, batchSize: 4).store.digest() == store(facts, batchSize: 4).store.digest())
    }

    @Test("any differing fact changes the digest")
    func differingFactsDiffer() throws {
        let facts = Fixture.estate()
        let digest = try store(facts, batchSize: 5).store.digest()
        let variants: [(String, [(partition: Int32, fact: StoreFact)])] = [
            ("claimant account", facts + [(0, Fixture.claimant(Fixture.alice, account: "11111111", offset: 99))]),
            ("claimant name", facts + [(0, Fixture.claimant(Fixture.alice, name: "Jane Smyth", offset: 99))]),
            ("death", facts + [(0, Fixture.death(Fixture.alice, "2026-10-01"))]),
            ("rate amount", facts + [(0, Fixture.rate("A-1", Fixture.alice, from: "2026-04-06", amount: 95_001, offset: 99))]),
            ("suspension", facts + [(0, Fixture.suspension("A-1", Fixture.alice, from: "2026-06-01", suspended: true, offset: 99))]),
            ("end", facts + [(1, Fixture.ended("B-1", Fixture.bob, "2026-09-02", offset: 99))]),
            ("deduction", facts + [(0, Fixture.deduction("A-1", Fixture.alice, "D-1", amount: 501, from: "2026-02-01", to: "2026-12-31", offset: 99))]),
            ("paid amount", facts + [(0, Fixture.paid("A-1", Fixture.alice, "2026-01-05", amount: 1, offset: 99))]),
            ("paid date", facts + [(0, Fixture.paid("A-1", Fixture.alice, "2026-01-06"))]),
            ("partition", facts.map { ($0.partition == 1 ? 2 : $0.partition, $0.fact) }),
            ("missing fact", Array(facts.dropLast())),
        ]
        var seen: Set<String> = [digest]
        for (name, variant) in variants {
            let other = try store(variant, batchSize: 5).store.digest()
            #expect(other != digest, "\(name) did not change the digest")
            #expect(seen.insert(other).inserted, "\(name) collided with another variant")
        }

        // The ledger counts too.
        let withLedger = try store(facts, batchSize: 5)
        try withLedger.store.recordLedger([Fixture.ledger("A-1", "2026-02-02")], partition: 0)
        let ledgerDigest = try withLedger.store.digest()
        #expect(ledgerDigest != digest)
        try withLedger.store.recordLedger([Fixture.ledger("A-1", "2026-02-02", run: "run-9")], partition: 0)
        #expect(try withLedger.store.digest() != ledgerDigest)
    }

    @Test("a digest of some partitions covers only them")
    func partitionDigest() throws {
        let facts = Fixture.estate()
        let both = try store(facts, batchSize: 3)
        let onlyZero = try store(facts.filter { $0.partition == 0 }, batchSize: 3)
        #expect(try both.store.digest(partitions: [0]) == onlyZero.store.digest())
        #expect(try both.store.digest(partitions: [0, 1]) == both.store.digest())
        #expect(try both.store.digest(partitions: [1]) != both.store.digest(partitions: [0]))
    }
}
