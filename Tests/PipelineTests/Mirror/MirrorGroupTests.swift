import Foundation
import Kafka
import MetricsTestKit
import Pipeline
import Store
import Testing
import TestSupport

/// DESIGN.md 8: members of one group split the estate partitions (the same number of each
/// topic to one member); when one stops, the other takes its partitions over and builds them.
/// On both test brokers (docs/brokers.md), the same assertions.
@Suite("Mirror group")
struct MirrorGroupTests {
    @Test("two members split the partitions; stopping one moves them to the other, which then holds a single pass's digest",
          arguments: BrokerKind.allCases)
    func splitAndTakeOver(_ kind: BrokerKind) async throws {
        let broker = try await EstateBroker.start(kind, partitions: 4)
        try await publishEstate(broker, claimants: 60, seed: 21)
        let folders = try TemporaryDirectory()
        _ = try await replayDigest(broker, into: folders.child("reference"))
        let reference = try EntitlementStore.open(at: folders.child("reference"))

        let group = "group-\(UUID().uuidString.prefix(6))"
        func member(_ name: String) throws -> BackstopService {
            try BackstopService.make(
                configuration: mirrorConfiguration(broker, stateDirectory: folders.child(name), group: group),
                metrics: TestMetrics(), logger: mirrorTestLogger(), gracefulShutdownSignals: [])
        }
        let a = try member("a")
        let b = try member("b")
        let runningA = Task { try await a.group.run() }
        let runningB = Task { try await b.group.run() }

        try await poll("a split of all four partitions, caught up", within: .seconds(60)) {
            let (ownedA, ownedB) = (Set(a.ownership.owned), Set(b.ownership.owned))
            return !ownedA.isEmpty && !ownedB.isEmpty && ownedA.isDisjoint(with: ownedB) && ownedA.union(ownedB) == [0, 1, 2, 3]
                && a.ownership.isCaughtUp && b.ownership.isCaughtUp
        }
        let ownedA = Set(a.ownership.owned)
        let ownedB = Set(b.ownership.owned)
        #expect(try a.store.digest(partitions: ownedA) == reference.digest(partitions: ownedA))
        #expect(try b.store.digest(partitions: ownedB) == reference.digest(partitions: ownedB))
        // A member holds nothing of the partitions it does not own.
        #expect(try Set(a.store.partitions()) == ownedA)

        await b.group.triggerGracefulShutdown()
        try await runningB.value
        try await poll("a owning all four partitions, caught up", within: .seconds(60)) {
            a.ownership.owned == [0, 1, 2, 3] && a.ownership.isCaughtUp
        }
        #expect(try a.store.digest() == reference.digest())
        await a.group.triggerGracefulShutdown()
        try await runningA.value
        await broker.stop()
    }

    @Test("the mirror refuses to run when the estate topics' partition counts differ", arguments: BrokerKind.allCases)
    func refusesUnequalPartitionCounts(_ kind: BrokerKind) async throws {
        let broker = try await EstateBroker.start(kind, partitions: 2, counts: ["estate.awards": 3])
        let folders = try TemporaryDirectory()
        let service = try BackstopService.make(
            configuration: mirrorConfiguration(broker, stateDirectory: folders.child("store"), group: "unequal"),
            metrics: TestMetrics(), logger: mirrorTestLogger(), gracefulShutdownSignals: [])
        await #expect { try await service.group.run() } throws: { error in
            "\(error)".contains("not co-partitioned") && "\(error)".contains("estate.awards has 3")
        }
        #expect(service.ownership.owned.isEmpty)
        await broker.stop()
    }
}
