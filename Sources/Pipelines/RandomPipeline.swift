/// SplitMix64: a small, fast, seedable random number generator.
///
/// Every strategy takes a seed so runs are reproducible. The bounded draw and
/// the shuffle are implemented here rather than taken from the standard
/// library, whose algorithms are not promised stable across Swift versions:
/// a seed must give the same pass lists on every toolchain and platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The generator's whole state; advanced by a fixed odd constant per draw.
    public private(set) var state: UInt64

    /// A generator whose sequence is fixed by `seed` (any value, zero included).
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits (Steele, Lea and Flood's SplitMix64).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (Lemire's unbiased multiply-shift).
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "empty range")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A uniform integer in `range`.
    public mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + next(below: range.upperBound - range.lowerBound + 1)
    }

    /// Shuffles `elements` in place (Fisher–Yates with `next(below:)`).
    public mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(i, next(below: i + 1))
        }
    }
}

extension Pipeline {
    /// A random list in the paper's manner: length uniform in `lengths`,
    /// each pass uniform over `catalog`.
    public static func random(
        using generator: inout SeededGenerator, catalog: [CatalogEntry] = PassCatalog.entries,
        lengths: ClosedRange<Int> = 1...50
    ) -> Pipeline {
        let length = generator.next(in: lengths)
        return Pipeline(catalogEntries: (0..<length).map { _ in catalog[generator.next(below: catalog.count)] })
    }

    /// The concatenation of catalog entries.
    public init(catalogEntries: [CatalogEntry]) {
        // Catalog text is generated and always parses (the catalog's own entries were parsed once).
        self.init(elements: catalogEntries.flatMap { (try? PassCatalog.pipeline(of: $0))?.elements ?? [] })
    }
}
