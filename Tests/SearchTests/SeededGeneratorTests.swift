import Pipelines
import Testing
@testable import Search

@Suite struct SeededGeneratorTests {
    @Test func matchesTheSplitMix64ReferenceOutput() {
        var generator = SeededGenerator(seed: 0)
        #expect(
            [generator.next(), generator.next(), generator.next()]
                == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var generator = SeededGenerator(seed: 7)
        let draws = (0..<2000).map { _ in generator.next(in: 3...9) }
        #expect(Set(draws) == Set(3...9))
    }

    @Test func shuffleIsADeterministicPermutation() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        var x = Array(0..<20), y = Array(0..<20)
        a.shuffle(&x)
        b.shuffle(&y)
        #expect(x == y)
        #expect(x != Array(0..<20))
        #expect(x.sorted() == Array(0..<20))
    }
}
