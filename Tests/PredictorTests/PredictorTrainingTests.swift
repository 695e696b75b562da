import Autotune
import CodeSize
import Engine
import Foundation
import Pipelines
import Predictor
import Store
import Testing
import TestSupport
import Toolchain
import Validation

/// The predictor's whole life on real programs: autotune two small "code
/// bases", train, save and load, then tune a program it never saw, with
/// PassListEval on a HumanEval-X subset gating the result.
@Suite(.serialized) struct PredictorTrainingTests {
    static func engine() throws -> EvaluationEngine {
        try EvaluationEngine(configuration: EngineConfiguration(workerExecutable: Fixtures.passlabExecutable, jobs: 2))
    }

    /// Copies fixtures into DIR/alpha and DIR/beta: two code bases.
    static func trainingTree(_ directory: String) throws -> [String] {
        let layout = ["alpha": ["09_bits.c", "26_collatz.c"], "beta": ["20_division.c", "13_lookup_tables.c"]]
        var files: [String] = []
        for (codeBase, names) in layout.sorted(by: { $0.key < $1.key }) {
            try FileManager.default.createDirectory(
                atPath: "\(directory)/\(codeBase)", withIntermediateDirectories: true)
            for name in names {
                try FileManager.default.copyItem(
                    atPath: "\(Fixtures.programs)/\(name)", toPath: "\(directory)/\(codeBase)/\(name)")
                files.append("\(directory)/\(codeBase)/\(name)")
            }
        }
        return files
    }

    @Test func learnsFromAutotuningAndTunesAnUnseenProgram() throws {
        let directory = Fixtures.temporaryDirectory("predictor-train")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try Self.trainingTree(directory)
        let store = try ResultStore(path: directory + "/train.sqlite")
        let engine = try Self.engine()
        let settings = Autotuner.Settings(
            measurementProtocol: .paper, budget: 15, minimizeBudget: 30, seed: 2, broadcast: 10)
        _ = try Autotuner(engine: engine, store: store, settings: settings).run(inputs: files, command: "test") { _ in }

        let data = try TrainingData.load(store: store, inputs: files, measurementProtocol: .paper)
        #expect(data.programs.map(\.codeBase) == ["alpha", "alpha", "beta", "beta"])
        #expect(!data.pool.isEmpty && data.pool.count <= 4)
        // The broadcast measured every pool list on every program; each came from some program's own search,
        // except the pass family (the empty list, single passes, -Oz then a pass), which no search owns.
        #expect(data.programs.allSatisfy { $0.sizes.count == data.pool.count && $0.oz > 0 })
        let family = Set(Autotuner.passFamily.map { PassAction.passes($0.map { PassCatalog.entries[$0].pipeline }) })
        #expect(zip(data.pool, data.origins).allSatisfy { family.contains($0.0) ? $0.1.isEmpty : !$0.1.isEmpty })
        #expect(data.origins.contains { !$0.isEmpty })
        #expect(data.programs.allSatisfy { $0.features["instructions"]! > 10 })

        let model = PredictorTrainer().fit(
            data, measurementProtocol: .paper, provenance: "test", validated: { _ in nil })
        #expect(model.lists.count == data.pool.count && model.programs.count == 4)
        #expect(model.crossValidation.map(\.budget) == [1, 3, 10, 30, 100])
        for point in model.crossValidation {
            // Leave-one-code-base-out never beats the best list it was allowed.
            #expect(
                point.geomeanReductionVsOzWithBackup >= 0
                    && point.geomeanReductionVsOzWithBackup <= point.oracleReductionVsOz + 1e-9)
        }
        // A saved model loads back identical; a damaged one is refused with its path.
        let path = directory + "/model.json"
        try model.encoded().write(to: URL(fileURLWithPath: path))
        let loaded = try PredictorModel.load(path: path)
        #expect(loaded.lists == model.lists && loaded.neighbours == model.neighbours)
        try Data("{\"formatVersion\": 1}".utf8).write(to: URL(fileURLWithPath: directory + "/broken.json"))
        #expect(throws: PredictorModel.LoadError.self) { try PredictorModel.load(path: directory + "/broken.json") }

        // Tune a program from neither code base. Nothing was validated at training time,
        // so a winner must pass PassListEval here.
        let suite = try Fixtures.humanEvalSubset(["CPP/2", "CPP/20", "CPP/96"], in: directory)
        let tuneStore = try ResultStore(path: directory + "/tune.sqlite")
        let validator = PassListValidator(
            engine: engine, toolchain: try Toolchain.find(),
            configuration: ValidationConfiguration(humanEvalPath: suite, jobs: 2), store: tuneStore)
        let tuner = try FlagTuner(
            engine: engine, model: loaded, measurementProtocol: .paper, validator: validator, store: tuneStore)
        let input = Fixtures.programs + "/02_crc32_adler.c"
        let bytes = try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
        let handle = engine.register(ir: bytes, name: input)
        guard case .success = engine.load(handle) else { Issue.record("cannot load \(input)"); return }
        let zeroShot = try tuner.tune(ir: bytes, handle: handle, name: input, budget: 1)
        #expect(zeroShot.compilations == 1 && zeroShot.refinedCompilations == 0)
        #expect(zeroShot.binarySize <= zeroShot.ozBinarySize && zeroShot.reductionVsOz >= 0)
        #expect(zeroShot.predictedBinarySize != nil)
        #expect(zeroShot.usedOzBackup == (zeroShot.binarySize == zeroShot.ozBinarySize))
        if !zeroShot.usedOzBackup {
            #expect(zeroShot.validations == 1)
            #expect(
                try tuneStore.verdicts().contains {
                    $0.passed && $0.pipeline == zeroShot.pipeline.text
                })
        }
        // A budget beyond the pool goes to local search from the picks, and can only do better.
        let refined = try tuner.tune(ir: bytes, handle: handle, name: input, budget: loaded.lists.count + 12)
        #expect(refined.refinedCompilations > 0 && refined.compilations <= loaded.lists.count + 12)
        #expect(refined.binarySize <= zeroShot.binarySize)
        #expect((refined.predictedBinarySize ?? .max) <= (zeroShot.predictedBinarySize ?? .max))
    }
}
