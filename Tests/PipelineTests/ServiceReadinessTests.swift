import Pipeline
import Store
import Testing
import TestSupport

@Suite("Service readiness: store open and mirror caught up")
struct ServiceReadinessTests {
    @Test("not ready while the store is closed, nothing is owned, or any owned partition is building")
    func rule() {
        #expect(LiveServiceProbe.readiness(storeOpen: false, partitions: [0: .caughtUp]) == .notReady("the store is not open"))
        #expect(LiveServiceProbe.readiness(storeOpen: true, partitions: [:]) == .notReady("no estate partitions assigned to this process yet"))
        #expect(LiveServiceProbe.readiness(storeOpen: true, partitions: [0: .caughtUp, 3: .building, 1: .building])
                == .notReady("mirror catching up: partitions 1, 3 still building"))
        #expect(LiveServiceProbe.readiness(storeOpen: true, partitions: [0: .caughtUp, 1: .caughtUp]) == .ready)
    }

    @Test("the live probe follows the ownership record and the store's state")
    func followsOwnership() async throws {
        let directory = try TemporaryDirectory()
        let store = try EntitlementStore.open(at: directory.child("store"))
        let executor = Store.BlockingExecutor.start(name: "readiness-test-store")
        defer { executor.shutdown() }
        let state = StoreState()
        let ownership = PartitionOwnership()
        let probe = LiveServiceProbe(store: store, storeExecutor: executor, storeState: state, ownership: ownership, controlEnabled: false,
                                     lag: { partitions, _ in Dictionary(uniqueKeysWithValues: partitions.map { (InputPartition(topic: "estate.awards", partition: $0), Int64(7)) }) },
                                     runs: { [] })
        #expect(await probe.readiness() == .notReady("the store is not open"))
        state.set(open: true)
        ownership.assign([0, 1])
        #expect(await probe.readiness() == .notReady("mirror catching up: partitions 0, 1 still building"))
        ownership.markCaughtUp(0)
        ownership.markCaughtUp(1)
        #expect(await probe.readiness() == .ready)
        let status = await probe.status()
        #expect(status.partitions.map(\.partition) == [0, 1])
        #expect(status.partitions.allSatisfy { $0.state == "caughtUp" && $0.lag == ["estate.awards": 7] })
        #expect(status.store.open)
        #expect(!status.controlEnabled)
    }
}
