import Testing
@testable import Pipeline

@Suite struct PartitionOwnershipTests {
    @Test func caughtUpOnlyWhenEveryOwnedPartitionIs() {
        let ownership = PartitionOwnership()
        #expect(!ownership.isCaughtUp)
        ownership.assign([0, 1])
        ownership.markCaughtUp(0)
        #expect(!ownership.isCaughtUp)
        ownership.markCaughtUp(1)
        #expect(ownership.isCaughtUp)
        ownership.assign([2])
        #expect(!ownership.isCaughtUp)
        ownership.revoke([2])
        #expect(ownership.isCaughtUp)
        #expect(ownership.owned == [0, 1])
    }

    @Test func revokedPartitionsCannotBeMarked() {
        let ownership = PartitionOwnership()
        ownership.assign([3])
        ownership.revoke([3])
        ownership.markCaughtUp(3)
        #expect(ownership.snapshot.isEmpty)
    }
}
