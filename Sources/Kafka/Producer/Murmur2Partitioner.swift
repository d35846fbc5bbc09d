/// Kafka's default partitioner for keyed records (Java's `Utils.murmur2`, and librdkafka's
/// `partitioner=murmur2_random` for non-null keys): where a key lands among `partitionCount`
/// partitions. Used to estimate how much each partition of the embedded broker will hold
/// before producing (DESIGN.md 7); the placement test checks it against librdkafka's own.
public enum Murmur2Partitioner {
    /// MurmurHash2, 32-bit, seed 0x9747b28c, as Kafka computes it over the key's bytes.
    public static func hash(_ key: some Collection<UInt8>) -> UInt32 {
        let m: UInt32 = 0x5bd1_e995
        let bytes = Array(key)
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: bytes.count)
        let whole = bytes.count & ~3
        var i = 0
        while i < whole {
            var k = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            k &*= m
            k ^= k >> 24
            k &*= m
            h &*= m
            h ^= k
            i += 4
        }
        let rest = bytes.count & 3
        if rest == 3 { h ^= UInt32(bytes[whole + 2]) << 16 }
        if rest >= 2 { h ^= UInt32(bytes[whole + 1]) << 8 }
        if rest >= 1 {
            h ^= UInt32(bytes[whole])
            h &*= m
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return h
    }

    /// The partition of `key`: the hash made positive (top bit cleared), modulo the count.
    public static func partition(of key: some Collection<UInt8>, partitionCount: Int) -> Int32 {
        precondition(partitionCount >= 1, "a topic has at least one partition")
        return Int32((hash(key) & 0x7fff_ffff) % UInt32(partitionCount))
    }
}
