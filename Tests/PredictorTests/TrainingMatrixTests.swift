import Foundation
import LLVMBridge
import Pipelines
@testable import Predictor
import Testing
import TestSupport
import Toolchain

/// The training matrix as `scripts/train-predictor` makes it: `passlab
/// predictor matrix` on real programs (units and their functions, catalog
/// lists and -Oz edits), exact sizes, a rerun that compiles nothing, and a
/// predictor trained from the file alone.
@Suite(.serialized) struct TrainingMatrixTests {
    static func passlab(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, arguments, timeout: 900))
    }

    @Test func measuresEveryActionOnUnitsAndFunctionsAndTrainsFromTheFileAlone() throws {
        let directory = Fixtures.temporaryDirectory("training-matrix")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (codeBase, names) in [("alpha", ["09_bits.c", "26_collatz.c"]), ("beta", ["20_division.c", "13_lookup_tables.c"])] {
            try FileManager.default.createDirectory(atPath: "\(directory)/\(codeBase)", withIntermediateDirectories: true)
            for name in names { try FileManager.default.copyItem(atPath: "\(Fixtures.programs)/\(name)", toPath: "\(directory)/\(codeBase)/\(name)") }
        }
        let actions = """
            # a comment, then a catalog list, the empty list and two edit actions of clang's -Oz
            module(globaldce),function(gvn)
            (no passes)
            oz-edits: all no-speculate-blocks
            oz-edits: del 15.0.2.19; all no-speculate-blocks

            """
        try Data(actions.utf8).write(to: URL(fileURLWithPath: directory + "/actions.txt"))
        let arguments = ["predictor", "matrix", directory + "/alpha", directory + "/beta", "--actions", directory + "/actions.txt",
                         "--db", directory + "/matrix.sqlite", "-o", directory + "/matrix.json.gz", "--split-functions", "--jobs", "2"]
        let first = try Self.passlab(arguments)
        #expect(first.termination == .exited(0), "\(first.stderrText)")
        let matrix = try TrainingMatrix.load(path: directory + "/matrix.json.gz")
        #expect(matrix.protocolName == "shipping" && matrix.actions.count == 4 && matrix.editBase == PassCatalog.clangOzPipeline)
        let units = matrix.examples.filter { $0.function == nil }
        let functions = matrix.examples.filter { $0.function != nil }
        #expect(units.count == 4 && Set(units.map(\.codeBase)) == ["alpha", "beta"])
        // Every function of every unit is an example of its own (the fixtures define several each).
        #expect(functions.count > units.count)
        #expect(functions.allSatisfy { $0.name.hasSuffix("#" + $0.function!) })
        #expect(matrix.examples.allSatisfy { $0.oz > 0 && $0.sizes.allSatisfy { $0 != nil } })
        #expect(matrix.compileSeconds > 0)

        // Each size is what `passlab size` measures for that action's pipeline.
        let unit = try #require(units.first { $0.name == "alpha/09_bits.c" })
        for index in [0, 3] {
            let pipeline = try matrix.actions[index].pipeline(editBase: matrix.editBase)
            let size = try Self.passlab(["size", directory + "/alpha/09_bits.c", "-p", pipeline, "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(size.stdoutText.utf8)) as? [String: Any])
            #expect(object["binarySize"] as? Int == unit.sizes[index], "\(matrix.actions[index])")
        }

        // A rerun reads every size back from the store: nothing compiled, the same matrix.
        let second = try Self.passlab(arguments)
        #expect(second.termination == .exited(0), "\(second.stderrText)")
        let again = try TrainingMatrix.load(path: directory + "/matrix.json.gz")
        #expect(again.compileSeconds == 0)
        #expect(again.examples.map(\.sizes) == matrix.examples.map(\.sizes))

        // A predictor learns from the file alone; its pool keeps the edit actions and their exact pipelines.
        let train = try Self.passlab(["predictor", "train", "--matrix", directory + "/matrix.json.gz", "--functions",
                                      "--db", directory + "/verdicts.sqlite", "-o", directory + "/model.json"])
        #expect(train.termination == .exited(0), "\(train.stderrText)")
        let model = try PredictorModel.load(path: directory + "/model.json")
        #expect(model.programs.count == matrix.examples.count && model.editBase == matrix.editBase)
        #expect(Set(model.lists.map(\.action)) == Set(matrix.actions))
        let proposals = try EmbeddedPredictor(model: model).predict(
            PredictionRequest(name: "x", ir: [], features: IRFeatures(counts: unit.features)), count: 4).proposals
        #expect(Set(proposals.map(\.pipeline)) == Set(try matrix.actions.map { try $0.pipeline(editBase: matrix.editBase) }))

        // Bad input: an action that is not one names the file and line; a matrix of another protocol is refused.
        try Data("function(gvn)\noz-edits: del 999\nfrob\n".utf8).write(to: URL(fileURLWithPath: directory + "/bad.txt"))
        let bad = try Self.passlab(["predictor", "matrix", directory + "/alpha", "--actions", directory + "/bad.txt",
                                    "--db", directory + "/bad.sqlite", "-o", directory + "/bad.json.gz"])
        #expect(bad.termination == .exited(65) && bad.stderrText.contains("bad.txt:3"), "\(bad.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/bad.json.gz"))
        let wrong = try Self.passlab(["predictor", "train", "--matrix", directory + "/matrix.json.gz", "--protocol", "paper",
                                      "-o", directory + "/paper.json"])
        #expect(wrong.termination == .exited(64) && wrong.stderrText.contains("--protocol shipping"), "\(wrong.stderrText)")
    }

    /// Winning edit actions are merged, best first; a merge is kept only when it is smaller, within the budget.
    @Test func editWinnersAreMergedGreedilyWithinTheBudget() throws {
        let base = PassCatalog.clangOzPipeline
        let a = try PassAction(parsing: "oz-edits: all no-speculate-blocks")
        let b = try PassAction(parsing: "oz-edits: del 15.0.2.19")
        let c = try PassAction(parsing: "oz-edits: del 23.21")
        let ab = try #require(a.combined(with: b)), abc = try #require(ab.combined(with: c))
        let sizes: [String: Int] = [try ab.pipeline(editBase: base): 90, try abc.pipeline(editBase: base): 95]
        var asked: [String] = []
        let merges = EditCombination(base: base, budget: 5).run(winners: [(b, 98), (a, 97), (c, 99)]) { texts in
            asked += texts
            return texts.map { sizes[$0] }
        }
        // a (97) first, then a+b (90, kept), then a+b+c (95, not kept).
        #expect(asked == [try ab.pipeline(editBase: base), try abc.pipeline(editBase: base)])
        #expect(merges.map(\.size) == [90, 95])
        #expect(EditCombination(base: base, budget: 1).run(winners: [(b, 98), (a, 97), (c, 99)]) { $0.map { sizes[$0] } }.count == 1)
        #expect(EditCombination(base: nil, budget: 5).run(winners: [(b, 98), (a, 97)]) { $0.map { sizes[$0] } }.isEmpty)
        // Candidates ranked next grow the best; with no winner the search starts from -Oz itself.
        let ac = try #require(a.combined(with: c))
        let grown = EditCombination(base: base, budget: 5).run(winners: [(a, 97)], candidates: [c, b]) { texts in
            texts.map { [try? ac.pipeline(editBase: base): 96, try? abc.pipeline(editBase: base): 94][$0] ?? nil }
        }
        #expect(grown.map(\.size) == [96, 94] && grown.last?.length == 3)
        let fromOz = EditCombination(base: base, budget: 2).run(winners: [], candidates: [c, a, b], reference: 100) { texts in
            texts.map { [try? c.pipeline(editBase: base): 99, try? ac.pipeline(editBase: base): 101][$0] ?? nil }
        }
        #expect(fromOz.map(\.size) == [99, 101])
    }
}
