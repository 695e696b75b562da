/// A small, fast, seedable generator (SplitMix64): every random choice in
/// PassLab takes an explicit seed, so runs are reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Pipeline {
    /// A random list in the paper's manner: length uniform in `lengths`,
    /// each pass uniform over `catalog`.
    public static func random(using generator: inout SeededGenerator, catalog: [CatalogEntry] = PassCatalog.entries,
                              lengths: ClosedRange<Int> = 1...50) -> Pipeline {
        let length = Int.random(in: lengths, using: &generator)
        return Pipeline(catalogEntries: (0..<length).map { _ in catalog.randomElement(using: &generator)! })
    }

    /// The concatenation of catalog entries.
    public init(catalogEntries: [CatalogEntry]) {
        // Catalog text is generated and always parses.
        self.init(elements: catalogEntries.flatMap { (try? Pipeline(parsing: $0.pipeline))?.elements ?? [] })
    }
}
