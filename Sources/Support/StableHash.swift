/// FNV-1a, 64 bits: a hash that is the same in every process and on every
/// machine (Swift's `hashValue` is seeded per process), for seeds and shard
/// assignment. Not for security.
public struct StableHash: Sendable {
    /// The hash of everything combined so far; the FNV-1a 64-bit offset basis before any byte.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A hash of no bytes yet (the FNV offset basis).
    public init() {}

    /// Mixes `bytes` in, in order.
    public mutating func combine<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }
}

extension String {
    /// The stable hash of the UTF-8 bytes.
    public var hashValueStable: UInt64 {
        var hash = StableHash()
        hash.combine(utf8)
        return hash.value
    }
}
