import Entitlements
import Foundation
import Testing
import TestSupport
@testable import Store

/// The store's exactly-once promise under a crash (DESIGN.md section 3): a process applying
/// updates is killed with SIGKILL; on reopen the stored offset says exactly which input records
/// are in the state: every fact before it, none after it, and every acknowledged update.
@Suite("Entitlement store durability")
struct StoreDurabilityTests {
    static let factsPerUpdate = 10

    @Test("after SIGKILL, state and offsets agree, and every acknowledged update is there")
    func offsetsMatchStateAfterKill() throws {
        let directory = try TemporaryDirectory()
        let path = directory.child("store")
        let acknowledged = try CrashWriterProcess.runAndKill(
            mode: "store", path: path, items: Self.factsPerUpdate, acknowledgements: 100)

        let store = try EntitlementStore.open(at: path)
        let next = try #require(try store.nextOffsets()[InputPartition(topic: "estate.payments", partition: 0)])
        #expect(next % Int64(Self.factsPerUpdate) == 0)
        let updates = Int(next) / Self.factsPerUpdate
        #expect(updates >= acknowledged + 1)
        // Exactly the records before the offset are in the state.
        #expect(try store.counts().paidMarkers == Int(next))
        let first = try CalendarDate("2026-01-01")
        for step in 0..<updates {
            for item in 0..<Self.factsPerUpdate {
                let marker = try store.paidMarker(AwardID("A-\(step)"), dueDate: first.adding(days: item), partition: 0)
                #expect(marker?.amount == Pence(Int64(step)), "update \(step) fact \(item) is missing")
            }
        }
        #expect(try store.paidMarker(AwardID("A-\(updates)"), dueDate: first, partition: 0) == nil)
    }
}
