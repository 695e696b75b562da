import Foundation
import LLVMBridge
import Pipelines
@testable import Predictor
import Support
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
        for (codeBase, names) in [
            ("alpha", ["09_bits.c", "26_collatz.c"]), ("beta", ["20_division.c", "13_lookup_tables.c"]),
        ] {
            try FileManager.default.createDirectory(
                atPath: "\(directory)/\(codeBase)", withIntermediateDirectories: true)
            for name in names {
                try FileManager.default.copyItem(
                    atPath: "\(Fixtures.programs)/\(name)", toPath: "\(directory)/\(codeBase)/\(name)")
            }
        }
        let actions = """
            # a comment, then a catalog list, the empty list and two edit actions of clang's -Oz
            module(globaldce),function(gvn)
            (no passes)
            oz-edits: all no-speculate-blocks
            oz-edits: del 15.0.2.19; all no-speculate-blocks

            """
        try Data(actions.utf8).write(to: URL(fileURLWithPath: directory + "/actions.txt"))
        let arguments = [
            "predictor", "matrix", directory + "/alpha", directory + "/beta", "--actions", directory + "/actions.txt",
            "--db", directory + "/matrix.sqlite", "-o", directory + "/matrix.json.gz", "--split-functions", "--jobs",
            "2",
        ]
        let first = try Self.passlab(arguments)
        #expect(first.termination == .exited(0), "\(first.stderrText)")
        let matrix = try TrainingMatrix.load(path: directory + "/matrix.json.gz")
        #expect(
            matrix.protocolName == "shipping" && matrix.actions.count == 4
                && matrix.editBase == PassCatalog.clangOz)
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
            let size = try Self.passlab(["size", directory + "/alpha/09_bits.c", "-p", pipeline.text, "--json"])
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(size.stdoutText.utf8)) as? [String: Any])
            #expect(object["binarySize"] as? Int == unit.sizes[index], "\(matrix.actions[index])")
        }

        // A rerun reads every size back from the store: nothing compiled, the same matrix.
        let second = try Self.passlab(arguments)
        #expect(second.termination == .exited(0), "\(second.stderrText)")
        let again = try TrainingMatrix.load(path: directory + "/matrix.json.gz")
        #expect(again.compileSeconds == 0)
        #expect(again.examples.map(\.sizes) == matrix.examples.map(\.sizes))

        // A predictor learns from the file alone; its pool keeps the edit actions and their exact pipelines.
        let train = try Self.passlab([
            "predictor", "train", "--matrix", directory + "/matrix.json.gz", "--functions",
            "--db", directory + "/verdicts.sqlite", "-o", directory + "/model.json",
        ])
        #expect(train.termination == .exited(0), "\(train.stderrText)")
        let model = try PredictorModel.load(path: directory + "/model.json")
        #expect(model.programs.count == matrix.examples.count && model.editBase == matrix.editBase)
        #expect(Set(model.lists.map(\.action)) == Set(matrix.actions))
        let proposals = try EmbeddedPredictor(model: model).predict(
            PredictionRequest(name: "x", ir: [], features: IRFeatures(counts: unit.features)), count: 4
        ).proposals
        #expect(
            Set(proposals.map(\.pipeline)) == Set(try matrix.actions.map { try $0.pipeline(editBase: matrix.editBase) })
        )

        // With the matrix's functions, the model learns the order lists are proposed in when the tuner
        // composes per function: first the action that saves most over the units' functions.
        let composed = try Self.passlab([
            "predictor", "train", "--matrix", directory + "/matrix.json.gz",
            "--function-matrix", directory + "/matrix.json.gz",
            "--db", directory + "/verdicts.sqlite", "-o", directory + "/composing.json",
        ])
        #expect(composed.termination == .exited(0), "\(composed.stderrText)")
        #expect(composed.stdoutText.contains("per-function composition"), "\(composed.stdoutText)")
        let composing = try PredictorModel.load(path: directory + "/composing.json")
        let order = try #require(composing.compositionOrder)
        let training = try CompositionTraining(matrix: matrix)
        let bestAlone = try #require(
            training.pipelines.indices.max { first, second in
                training.units.map { CompositionTraining.UnitState(unit: $0).value(adding: first) }.reduce(0, +)
                    < training.units.map { CompositionTraining.UnitState(unit: $0).value(adding: second) }.reduce(0, +)
            })
        #expect(try composing.pipeline(of: composing.lists[try #require(order.first)]) == training.pipelines[bestAlone])
        // Budget 1's pick (the ranking's first) comes first, also when it is the only list to compose, so a
        // larger budget never ends larger than budget 1, then the order's lists.
        let features = IRFeatures(counts: unit.features)
        let request = PredictionRequest(name: "x", ir: [], features: features, composing: true)
        let predictor = EmbeddedPredictor(model: composing)
        let orderPipelines = try order.map { try composing.pipeline(of: composing.lists[$0]) }
        let budgetOnePick = try #require(
            try predictor.predict(PredictionRequest(name: "x", ir: [], features: features), count: 1).proposals.first)
        #expect(try predictor.predict(request, count: 1).proposals.map(\.pipeline) == [budgetOnePick.pipeline])
        let composingPicks = try predictor.predict(request, count: 4).proposals.map(\.pipeline)
        #expect(composingPicks.first == budgetOnePick.pipeline)
        let orderAfterIt = Array(orderPipelines.filter { $0 != budgetOnePick.pipeline }.prefix(3))
        #expect(Array(composingPicks.dropFirst().prefix(orderAfterIt.count)) == orderAfterIt)
        #expect(Set(composingPicks).count == 4)

        // Bad input: an action that is not one names the file and line; a matrix of another protocol is refused.
        try Data("function(gvn)\noz-edits: del 999\nfrob\n".utf8).write(
            to: URL(fileURLWithPath: directory + "/bad.txt"))
        let bad = try Self.passlab([
            "predictor", "matrix", directory + "/alpha", "--actions", directory + "/bad.txt",
            "--db", directory + "/bad.sqlite", "-o", directory + "/bad.json.gz",
        ])
        #expect(bad.termination == .exited(65) && bad.stderrText.contains("bad.txt:3"), "\(bad.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/bad.json.gz"))
        let wrong = try Self.passlab([
            "predictor", "train", "--matrix", directory + "/matrix.json.gz", "--protocol", "paper",
            "-o", directory + "/paper.json",
        ])
        #expect(
            wrong.termination == .exited(64) && wrong.stderrText.contains("--protocol shipping"), "\(wrong.stderrText)")
        // A function matrix without functions cannot teach composition: the message says how to make one.
        let unitsOnly = try Self.passlab([
            "predictor", "matrix", directory + "/alpha", directory + "/beta", "--actions", directory + "/actions.txt",
            "--db", directory + "/matrix.sqlite", "-o", directory + "/units.json.gz", "--jobs", "2",
        ])
        #expect(unitsOnly.termination == .exited(0), "\(unitsOnly.stderrText)")
        let noFunctions = try Self.passlab([
            "predictor", "train", "--matrix", directory + "/matrix.json.gz",
            "--function-matrix", directory + "/units.json.gz", "-o", directory + "/none.json",
        ])
        #expect(
            noFunctions.termination == .exited(64) && noFunctions.stderrText.contains("--split-functions"),
            "\(noFunctions.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/none.json"))
    }

    /// Lists that each win on some functions and lose on others are the best pair to compose, though a
    /// list that gains a little everywhere is the best single list.
    @Test func compositionOrderPrefersListsThatComplementEachOtherByFunction() throws {
        // One unit of two 100-byte functions (-Oz: 200 bytes). A saves 30 on f and loses 30 on g; B the
        // reverse; C saves 5 on both. Whole-unit sizes: A 200, B 200, C 190.
        func example(_ name: String, function: String?, oz: Int, sizes: [Int?]) -> TrainingMatrix.Example {
            .init(
                name: name, codeBase: "base", function: function,
                features: [Double](repeating: 0, count: IRFeatures.names.count),
                oz: oz, sizes: sizes)
        }
        let actions = try ["function(gvn)", "function(sroa)", "function(dse)"].map { try PassAction(parsing: $0) }
        let matrix = TrainingMatrix(
            formatVersion: TrainingMatrix.formatVersion, protocolName: "shipping", protocolKey: "k",
            llvmVersion: PassCatalog.llvmVersion,
            passlabVersion: "test", editBase: nil, ozPipeline: "default<Oz>", featureNames: IRFeatures.names,
            actions: actions,
            examples: [
                example("base/u.ll", function: nil, oz: 200, sizes: [200, 200, 190]),
                example("base/u.ll#f", function: "f", oz: 100, sizes: [70, 130, 95]),
                example("base/u.ll#g", function: "g", oz: 100, sizes: [130, 70, nil]),
            ],
            provenance: "test", compileSeconds: 0, jobs: 1)
        let training = try CompositionTraining(matrix: matrix)
        #expect(training.units.count == 1 && training.functionCount == 2)
        // Alone, A is worth its 30 bytes on f (g keeps -Oz's body); then B adds 30 on g; C (failed on g) adds nothing.
        #expect(training.order(count: 3) == [0, 1])
        #expect(
            abs(geomeanReduction([Foundation.log(200.0 / 140.0)]) - training.crossValidate(budgets: [2])[0].oracle)
                < 1e-9)
        // Restricted to B and C, B comes first and C still adds nothing on g, only on f.
        #expect(training.order(count: 3, allowed: [1, 2]) == [1, 2])
    }

    /// A matrix measured with another LLVM is refused, naming both versions; the same matrix with this
    /// LLVM's version loads.
    @Test func aMatrixOfAnotherLLVMIsRefused() throws {
        let directory = Fixtures.temporaryDirectory("matrix-llvm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var matrix = TrainingMatrix(
            formatVersion: TrainingMatrix.formatVersion, protocolName: "shipping", protocolKey: "k",
            llvmVersion: PassCatalog.llvmVersion, passlabVersion: "test", editBase: nil, ozPipeline: "default<Oz>",
            featureNames: IRFeatures.names, actions: [try PassAction(parsing: "function(gvn)")],
            examples: [
                .init(
                    name: "base/u.ll", codeBase: "base", function: nil,
                    features: [Double](repeating: 0, count: IRFeatures.names.count), oz: 10, sizes: [9])
            ],
            provenance: "test", compileSeconds: 0, jobs: 1)
        let path = directory + "/matrix.json"
        try JSONEncoder().encode(matrix).write(to: URL(fileURLWithPath: path))
        #expect(try TrainingMatrix.load(path: path).examples.count == 1)
        matrix.llvmVersion = "21.1.0"
        try JSONEncoder().encode(matrix).write(to: URL(fileURLWithPath: path))
        #expect {
            try TrainingMatrix.load(path: path)
        } throws: { error in
            "\(error)".contains("LLVM 21.1.0") && "\(error)".contains(PassCatalog.llvmVersion)
                && (error as? UserFacingError)?.exitCode == 65
        }
    }

    /// Three edits of -Oz that merge with each other.
    static func threeEdits() throws -> (a: PassAction, b: PassAction, c: PassAction) {
        (
            try PassAction(parsing: "oz-edits: all no-speculate-blocks"),
            try PassAction(parsing: "oz-edits: del 15.0.2.19"),
            try PassAction(parsing: "oz-edits: del 23.21")
        )
    }

    /// Winning edit actions are merged, best first; a merge is kept only when it is smaller, within the budget.
    @Test func editWinnersAreMergedGreedilyWithinTheBudget() throws {
        let base = PassCatalog.clangOz
        let (a, b, c) = try Self.threeEdits()
        let ab = try #require(a.combined(with: b)), abc = try #require(ab.combined(with: c))
        let sizes: [Pipeline: Int] = [try ab.pipeline(editBase: base): 90, try abc.pipeline(editBase: base): 95]
        var asked: [Pipeline] = []
        let merges = EditCombination(base: base, budget: 5).run(winners: [(b, 98), (a, 97), (c, 99)]) { texts in
            asked += texts
            return texts.map { sizes[$0] }
        }
        // a (97) first, then a+b (90, kept), then a+b+c (95, not kept).
        #expect(asked == [try ab.pipeline(editBase: base), try abc.pipeline(editBase: base)])
        #expect(merges.map(\.size) == [90, 95])
        #expect(
            EditCombination(base: base, budget: 1).run(winners: [(b, 98), (a, 97), (c, 99)]) { $0.map { sizes[$0] } }
                .count == 1)
        #expect(
            EditCombination(base: nil, budget: 5).run(winners: [(b, 98), (a, 97)]) { $0.map { sizes[$0] } }.isEmpty)
        // Candidates ranked next grow the best; with no winner the search starts from -Oz itself.
        let ac = try #require(a.combined(with: c))
        let grown = EditCombination(base: base, budget: 5).run(winners: [(a, 97)], candidates: [c, b]) { texts in
            texts.map { [try? ac.pipeline(editBase: base): 96, try? abc.pipeline(editBase: base): 94][$0] ?? nil }
        }
        #expect(grown.map(\.size) == [96, 94] && grown.last?.length == 3)
        let fromOz = EditCombination(base: base, budget: 2).run(winners: [], candidates: [c, a, b], reference: 100) {
            texts in
            texts.map { [try? c.pipeline(editBase: base): 99, try? ac.pipeline(editBase: base): 101][$0] ?? nil }
        }
        #expect(fromOz.map(\.size) == [99, 101])
    }

    /// Two merges at once: the smaller of the two that beat the best becomes
    /// the best, and the other is tried again on top of it.
    @Test func editsGrowTwoAtATimeAndABeatenWinnerIsTriedOnTopOfTheBest() throws {
        let base = PassCatalog.clangOz
        let (a, b, c) = try Self.threeEdits()
        let ab = try #require(a.combined(with: b)), ac = try #require(a.combined(with: c))
        let abc = try #require(ab.combined(with: c))
        let sizes: [Pipeline: Int] = [
            try ac.pipeline(editBase: base): 96, try ab.pipeline(editBase: base): 94,
            try abc.pipeline(editBase: base): 93,
        ]
        var batches: [[Pipeline]] = []
        let grown = EditCombination(base: base, budget: 5, width: 2).run(winners: [(a, 97)], candidates: [c, b]) {
            texts in
            batches.append(texts)
            return texts.map { sizes[$0] }
        }
        #expect(
            batches == [
                [try ac.pipeline(editBase: base), try ab.pipeline(editBase: base)], [try abc.pipeline(editBase: base)],
            ])
        #expect(grown.map(\.size) == [96, 94, 93] && grown.last?.length == 3)
        // The budget caps a batch: one compilation, the first candidate only.
        let one = EditCombination(base: base, budget: 1, width: 2).run(winners: [(a, 97)], candidates: [c, b]) {
            $0.map { sizes[$0] }
        }
        #expect(one.map(\.size) == [96])
    }
}
