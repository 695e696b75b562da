import CompilerWrapper
import Datasets
import Foundation
import Store
import Testing
import TestSupport
import Toolchain

/// End to end on a code base whose programs are compiled and linked in one
/// command each: giflib 5.2.1 (the corpus's pinned Debian source, fetched and
/// checked by sha256 the first time), `make -j2` with CC="passlab cc", tested
/// with giflib's own regression tests. About a minute on 2 cores.
@Suite struct GiflibBuildTests {
    @Test func oneStepProgramsAreTunedPassTheirTestsAndRebuildFromTheCache() throws {
        try compareBuilds(of: .giflib) { comparison, scratch in
            #expect(comparison.cold.testPassed == true && comparison.plain.testPassed == true)
            // The libraries' 10 `-c` compiles and the 14 utilities' own sources, each
            // compiled and linked in one command: all tuned, none left to clang.
            #expect(comparison.cold.fallbacks == 0 && comparison.cold.tuned == 24, "\(comparison.text)")
            #expect(comparison.cold.productSize < comparison.plain.productSize)
            for (product, size) in comparison.cold.productSizes {
                #expect(size <= comparison.plain.productSizes[product] ?? 0, "\(product) is larger than clang-19's")
            }
            // With SOURCE_DATE_EPOCH the utilities' __DATE__ and __TIME__ are fixed: a rebuild is all cache hits.
            #expect(comparison.warm.cacheHits == 24 && comparison.warm.tuned == 0 && comparison.warmProductsIdentical)
            #expect(comparison.dependencyFilesIdentical == nil)
            // Each utility is measured as a product of the build: objects by passlab cc, and the plain link's size.
            let report = try BuildReport.make(cache: try BuildCache(path: scratch + "/cache/cc.sqlite"), builds: 2)
            let cold = try #require(report.totals.first { $0.build != "all" })
            let gif2rgb = try #require(cold.products.first { $0.output.hasSuffix("/gif2rgb") }, "\(report.text)")
            #expect(gif2rgb.binarySize == comparison.cold.productSizes["gif2rgb"])
            #expect(gif2rgb.plainBinarySize == comparison.plain.productSizes["gif2rgb"], "\(gif2rgb.plainNote ?? "")")
            #expect(gif2rgb.passlabObjects == gif2rgb.objects && gif2rgb.objects >= 2)
        }
    }
}
