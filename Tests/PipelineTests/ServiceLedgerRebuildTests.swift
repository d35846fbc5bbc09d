import Foundation
import Kafka
@testable import Pipeline
import Store
import Testing
import TestSupport

@Suite("Service: ledger readiness follows partition ownership")
struct ServiceLedgerRebuildTests {
    @Test("a partition gained is rebuilt and ready; a partition lost is no longer ready")
    func followsOwnership() async throws {
        let cluster = try EmbeddedCluster.start(brokers: 1, logger: quietLogger())
        try cluster.createTopic("backstop.payments", partitions: 2)
        let directory = try TemporaryDirectory()
        let store = try EntitlementStore.open(at: directory.child("store"))
        let ownership = PartitionOwnership()
        let readiness = LedgerReadiness()
        let service = LedgerRebuildService(
            ownership: ownership,
            rebuilder: LedgerRebuilder(store: store, readiness: readiness, connection: KafkaConnection(bootstrapServers: cluster.bootstrapServers),
                                       group: "ledger-\(UUID().uuidString.prefix(6))", timeout: .seconds(30), logger: quietLogger()),
            logger: quietLogger())

        await service.step()
        #expect(readiness.readyPartitions.isEmpty)
        ownership.assign([0, 1])
        await service.step()
        #expect(readiness.readyPartitions == [0, 1])
        ownership.revoke([1])
        await service.step()
        #expect(readiness.readyPartitions == [0])
    }
}
