import Benchmarks
import CodeSize
import Foundation
import Testing
import TestSupport

/// `passlab bench search` on real programs through real workers, small budgets.
@Suite struct SearchBenchmarkTests {
    @Test func comparesStrategiesWithTheRandomSearchOnTheSamePrograms() throws {
        let programs = ["09_bits.c", "26_collatz.c", "20_division.c"].map { Fixtures.programs + "/" + $0 }
        let benchmark = SearchBenchmark(
            inputs: programs, measurementProtocol: .paper, randomBudget: 60, strategyCap: 30, seed: 4,
            jobs: 2, workerExecutable: Fixtures.passlabExecutable)
        var lines: [String] = []
        let result = try benchmark.run { lines.append($0) }
        #expect(result.programs.map(\.program) == programs)
        #expect(lines.count == 6, "\(lines)")
        for program in result.programs {
            #expect(program.randomCompilations == 60)
            #expect(program.coresetLists == 2, "leave-one-out: the other two programs")
            let oz = try #require(program.ozSize)
            let target = try #require(program.randomBestSize)
            let reached = try #require(program.randomFirstReached)
            #expect((1...60).contains(reached))
            let run = try #require(program.strategies.first)
            #expect(run.strategy == "coreset-evolution")
            #expect(run.compilations == 30)
            let best = try #require(run.bestSize)
            // default<Oz> is a fixed seed, so the strategy is never worse than -Oz.
            #expect(best <= oz)
            #expect(run.bestPipeline.contains("("))
            if let match = run.compilationsToMatch {
                #expect((1...30).contains(match) && best <= target)
            } else {
                #expect(best > target)
            }
            #expect(run.sizeRatioVsRandom == Double(best) / Double(target))
        }
        let summary = try #require(result.summaries.first)
        let matched = result.programs.filter { $0.strategies[0].compilationsToMatch != nil }
        #expect(summary.matched == matched.count && summary.programs == 3)
        let total = result.programs.reduce(0) { $0 + ($1.strategies[0].compilationsToMatch ?? 30) }
        #expect(summary.totalRatio == Double(total) / 180)
        #expect(summary.targetMet == (matched.count == 3 && summary.totalRatio <= 0.1))
        #expect(SearchBenchmark.table(result).contains("coreset-evolution: matched \(matched.count)/3"))

        // Stable JSON keys: optionals are written as null, never left out.
        var unmatched = result
        unmatched.programs[0].strategies[0].compilationsToMatch = nil
        unmatched.summaries[0].geomeanRatio = nil
        let json = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(unmatched)) as? [String: Any])
        let program = try #require((json["programs"] as? [[String: Any]])?.first)
        let strategy = try #require((program["strategies"] as? [[String: Any]])?.first)
        #expect(strategy.keys.contains("compilationsToMatch") && strategy["compilationsToMatch"] is NSNull)
        #expect((json["summaries"] as? [[String: Any]])?.first?["geomeanRatio"] is NSNull)
        #expect(
            Set(json.keys).isSuperset(of: [
                "provenance", "randomBudget", "strategyCap", "coreset", "programs", "summaries",
                "randomFirstReachedGeomeanRatio",
            ]))
    }
}
