// The child process of StoreTests' durability test (Tests/StoreTests/RocksDB/DurabilityTests.swift).
// Usage: store-crash-writer DATABASE_PATH KEYS_PER_BATCH
// Writes batch after batch, each of KEYS_PER_BATCH keys `b<batch>-k<key>`, with `sync: true`,
// and prints the batch number on its own line once the write has returned. The test kills it
// with SIGKILL at an arbitrary moment and checks that every printed batch survived, whole.
import Foundation
import Store

let arguments = CommandLine.arguments
guard arguments.count == 3, let keysPerBatch = Int(arguments[2]), keysPerBatch > 0 else {
    FileHandle.standardError.write(Data("usage: store-crash-writer DATABASE_PATH KEYS_PER_BATCH\n".utf8))
    exit(2)
}
/// The writer stops by itself after this many batches, should nobody kill it.
let batchLimit = 1_000_000

do {
    let database = try Database.open(at: arguments[1])
    let family = database.defaultColumnFamily
    let batch = database.makeWriteBatch()
    for number in 0..<batchLimit {
        batch.clear()
        for key in 0..<keysPerBatch {
            batch.put(Array("b\(number)-k\(key)".utf8), Array(repeating: UInt8(truncatingIfNeeded: number), count: 100), in: family)
        }
        try database.write(batch, sync: true)
        // Unbuffered: the line is the parent's proof that this batch was acknowledged.
        FileHandle.standardOutput.write(Data("\(number)\n".utf8))
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
