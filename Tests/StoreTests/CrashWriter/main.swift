// The child process of StoreTests' durability tests (Tests/StoreTests/RocksDB/DurabilityTests.swift
// and Tests/StoreTests/Entitlement/StoreDurabilityTests.swift).
//
// Usage: store-crash-writer rocksdb PATH ITEMS | store-crash-writer store PATH ITEMS
// Writes step after step and prints each step's number on its own line once its write has
// returned; the test kills it with SIGKILL at an arbitrary moment and checks what survived.
// - rocksdb: each step is one synced WriteBatch of ITEMS keys `b<step>-k<item>`.
// - store: each step is one EntitlementStore.apply of ITEMS paid markers of award `A-<step>`,
//   together with the next offset of estate.payments[0], which grows by ITEMS per step.
import Entitlements
import Foundation
import Store

let arguments = CommandLine.arguments
guard arguments.count == 4, ["rocksdb", "store"].contains(arguments[1]), let items = Int(arguments[3]), items > 0 else {
    FileHandle.standardError.write(Data("usage: store-crash-writer rocksdb|store PATH ITEMS\n".utf8))
    exit(2)
}
/// The writer stops by itself after this many steps, should nobody kill it.
let stepLimit = 1_000_000

/// Unbuffered: the line is the parent's proof that this step was acknowledged.
func acknowledge(_ step: Int) {
    FileHandle.standardOutput.write(Data("\(step)\n".utf8))
}

func writeBatches(path: String) throws {
    let database = try Database.open(at: path)
    let family = database.defaultColumnFamily
    let batch = database.makeWriteBatch()
    for step in 0..<stepLimit {
        batch.clear()
        for item in 0..<items {
            batch.put(Array("b\(step)-k\(item)".utf8), Array(repeating: UInt8(truncatingIfNeeded: step), count: 100), in: family)
        }
        try database.write(batch, sync: true)
        acknowledge(step)
    }
}

func applyUpdates(path: String) throws {
    let store = try EntitlementStore.open(at: path)
    let nino = try NINO("AB123456C")
    let first = try CalendarDate("2026-01-01")
    let input = InputPartition(topic: "estate.payments", partition: 0)
    for step in 0..<stepLimit {
        var update = StoreUpdate(nextOffsets: [input: Int64((step + 1) * items)])
        for item in 0..<items {
            let marker = PaidMarker(
                awardID: try AwardID("A-\(step)"), nino: nino, dueDate: first.adding(days: item), amount: Pence(Int64(step)),
                arrival: Arrival(offset: Int64(step * items + item)))
            update.append(.paid(marker), partition: 0)
        }
        try store.apply(update)
        acknowledge(step)
    }
}

do {
    if arguments[1] == "rocksdb" { try writeBatches(path: arguments[2]) } else { try applyUpdates(path: arguments[2]) }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
