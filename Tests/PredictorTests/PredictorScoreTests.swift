import CodeSize
import Foundation
import LLVMBridge
import Pipelines
@testable import Predictor
import Support
import Testing
import TestSupport
import Toolchain

/// `passlab predictor score`: a predictor scored from a measured matrix,
/// nothing compiled, on the committed held-out matrices and on a matrix
/// made here, whose budget-1 figures must be what `tune --budget 1` ships.
@Suite(.serialized) struct PredictorScoreTests {
    static let training = Fixtures.root + "/data/training"

    static func passlab(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, arguments, timeout: 900))
    }

    static func row(_ score: PredictorScore, _ method: String, _ budget: Int) throws -> PredictorScore.Row {
        try #require(score.rows.first { $0.method == method && $0.budget == budget }, "\(method) at \(budget)")
    }

    @Test(arguments: [ProtocolName.shipping, .paper])
    func committedHeldOutMatricesScoreTheShippedPredictors(_ protocolName: ProtocolName) throws {
        let model = try PredictorModel.bundled(protocolName)
        let path = "\(Self.training)/held-out-matrix-\(protocolName.rawValue).json.gz"
        var matrix = try TrainingMatrix.load(path: path)
        // Every unit of the three held-out sets.
        let heldOut = try ["held-out.txt", "held-out-2.txt", "held-out-3.txt"].flatMap(HeldOutSetsTests.units)
        #expect(Set(matrix.examples.map(\.name)) == Set(heldOut))
        // Every third unit is scored here (rankings take a while in a debug build), none a training program.
        matrix.examples = matrix.examples.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        let score = try PredictorScore.score(model: model, matrix: matrix, matrixPath: path, budgets: [10, 1, 2])
        #expect(score.examples == matrix.examples.count && score.inSample.isEmpty)
        #expect(score.rows.map(\.budget) == [1, 1, 1, 2, 2, 2, 10, 10, 10, 1, 1])

        // The bounds: no row passes the oracle; no fixed list passes the best one in hindsight.
        let oracle = try Self.row(score, "oracle", 1), hindsight = try Self.row(score, "best-in-hindsight", 1)
        #expect(score.rows.allSatisfy { $0.reduction <= oracle.reduction + 1e-9 })
        #expect(try Self.row(score, "fixed-list", 1).reduction <= hindsight.reduction + 1e-9)
        // More lists never ship more bytes; the fixed list is one list at every budget.
        for method in ["passlab", "greedy-coreset"] {
            let figures = try [1, 2, 10].map { try Self.row(score, method, $0).reduction }
            #expect(figures == figures.sorted(), "\(method)")
        }
        #expect(try Self.row(score, "fixed-list", 10).reduction == Self.row(score, "fixed-list", 1).reduction)
        #expect(try Self.row(score, "greedy-coreset", 1).reduction == Self.row(score, "fixed-list", 1).reduction)

        // Budget 1's list on a unit is the embedded predictor's first proposal (what tune compiles), and
        // its size the smaller of that list's column and -Oz.
        let predictor = EmbeddedPredictor(model: model)
        #expect(score.firstPicks.map(\.name) == matrix.examples.map(\.name))
        for (example, pick) in zip(matrix.examples, score.firstPicks) {
            #expect(pick.name == example.name && pick.oz == example.oz)
            let proposal = try predictor.predict(
                PredictionRequest(name: example.name, ir: [], features: IRFeatures(counts: example.features)),
                count: 1
            ).proposals.first
            #expect(pick.list == proposal?.action.description, "\(example.name)")
            let column = try #require(matrix.actions.firstIndex { $0 == proposal?.action })
            #expect(pick.size == min(example.oz, example.sizes[column] ?? example.oz), "\(example.name)")
        }
        let shipped = SizeReduction.geomeanPercent(score.firstPicks.map { (reference: $0.oz, size: $0.size) })
        #expect(abs(shipped - (try Self.row(score, "passlab", 1).reduction)) < 1e-9)
    }

    @Test func theTrainingMatrixScoresInSample() throws {
        let model = try PredictorModel.bundled(.shipping)
        let path = "\(Self.training)/matrix-shipping.json.gz"
        var matrix = try TrainingMatrix.load(path: path)
        matrix.examples = matrix.examples.filter { ["zstd", "brotli"].contains($0.codeBase) }
        let score = try PredictorScore.score(model: model, matrix: matrix, matrixPath: path, budgets: [1])
        #expect(score.examples == 20 && score.inSample.count == score.examples)
        #expect(score.text.contains("\(score.examples) of the units are training programs of this predictor"))
    }

    @Test func aMatrixThatCannotBeScoredIsRefusedNamingTheFileAndTheFix() throws {
        let directory = Fixtures.temporaryDirectory("predictor-score")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paper = "\(Self.training)/held-out-matrix-paper.json.gz"
        let wrongProtocol = try Self.passlab(["predictor", "score", paper])
        #expect(wrongProtocol.termination == .exited(65))
        #expect(wrongProtocol.stderrText.contains(paper) && wrongProtocol.stderrText.contains("--protocol"))
        #expect(wrongProtocol.stdoutText.isEmpty)

        // Without the column of a list the predictor proposes.
        var matrix = try TrainingMatrix.load(path: "\(Self.training)/held-out-matrix-shipping.json.gz")
        let model = try PredictorModel.bundled(.shipping)
        let dropped = try #require(model.lists.first?.action)
        let column = try #require(matrix.actions.firstIndex(of: dropped))
        matrix.actions.remove(at: column)
        for index in matrix.examples.indices { matrix.examples[index].sizes.remove(at: column) }
        let partial = directory + "/partial.json.gz"
        try Data(try matrix.compressed()).write(to: URL(fileURLWithPath: partial))
        let missing = try Self.passlab(["predictor", "score", partial])
        #expect(missing.termination == .exited(65))
        #expect(missing.stderrText.contains(partial) && missing.stderrText.contains(dropped.description))

        let unknown = try Self.passlab([
            "predictor", "score", "\(Self.training)/held-out-matrix-shipping.json.gz", "--code-bases", "zlib,nothere",
        ])
        #expect(unknown.termination == .exited(65) && unknown.stderrText.contains("'nothere'"))
        let budgets = try Self.passlab([
            "predictor", "score", "\(Self.training)/held-out-matrix-shipping.json.gz", "--budgets", "1,0",
        ])
        #expect(budgets.termination == .exited(64) && budgets.stderrText.contains("'1,0'"))
    }

    /// A matrix of the shipped pool on two programs made here: the score's budget-1 size of each is what
    /// `tune --budget 1` ships, with the same list.
    @Test func budgetOneIsWhatTuneShips() throws {
        let directory = Fixtures.temporaryDirectory("predictor-score-tune")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let programs = [("alpha", "02_crc32_adler.c"), ("beta", "27_modem_fsm.c")]
        for (codeBase, name) in programs {
            try FileManager.default.createDirectory(
                atPath: "\(directory)/\(codeBase)", withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: "\(Fixtures.programs)/\(name)", toPath: "\(directory)/\(codeBase)/\(name)")
        }
        let made = try Self.passlab([
            "predictor", "matrix", directory + "/alpha", directory + "/beta", "--actions",
            "\(Self.training)/actions-shipping.txt", "--db", directory + "/matrix.sqlite", "-o",
            directory + "/matrix.json.gz", "--jobs", "2",
        ])
        #expect(made.termination == .exited(0), "\(made.stderrText)")
        let scored = try Self.passlab(["predictor", "score", directory + "/matrix.json.gz", "--budgets", "1", "--json"])
        #expect(scored.termination == .exited(0), "\(scored.stderrText)")
        let score = try JSONDecoder().decode(PredictorScore.self, from: Data(scored.stdoutText.utf8))
        #expect(score.examples == 2 && score.codeBases == ["alpha", "beta"])
        let model = try PredictorModel.bundled(.shipping)
        for (codeBase, name) in programs {
            let pick = try #require(score.firstPicks.first { $0.name == "\(codeBase)/\(name)" })
            let tuned = try Self.passlab([
                "tune", "\(directory)/\(codeBase)/\(name)", "--budget", "1", "--db", directory + "/tune.sqlite",
                "--json", "-o", "\(directory)/\(codeBase).ll",
            ])
            #expect(tuned.termination == .exited(0), "\(tuned.stderrText)")
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(tuned.stdoutText.utf8)) as? [String: Any])
            #expect(report["binarySize"] as? Int == pick.size, "\(name)")
            #expect(report["ozBinarySize"] as? Int == pick.oz, "\(name)")
            if pick.size < pick.oz, let list = pick.list {
                let action = try PassAction(parsing: list)
                let pipeline = try model.pipeline(of: PredictorModel.PoolList(action, validated: true))
                #expect(report["pipeline"] as? String == pipeline.text, "\(name)")
            }
        }
    }
}
