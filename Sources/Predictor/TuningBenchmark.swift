import CodeSize
import Engine
import Foundation
import Pipelines
import Store
import Support
import Toolchain
import Validation

/// `passlab bench tuning`: PassLab's tuner beside the baselines it must beat
/// (issue 14), on the same modules, in one run, per protocol and budget.
///
/// Every method goes through `FlagTuner.tune`, so compilations are counted,
/// winners validated (at most `validationAttempts` per module) and -Oz kept
/// when nothing validated beats it in exactly the same way; they differ in
/// who proposes lists and how the budget is spent (`FlagTuner.Strategy`).
/// The baselines are learned from the same predictor's training matrix
/// (`Baselines`). Each method and budget has its own store in
/// `storeDirectory`, so none reads back what another compiled or validated:
/// compilations, validations and seconds are what it would cost alone. A
/// rerun on the same directory resumes (sizes and verdicts read back, so
/// its seconds are smaller). A module any method cannot tune (no -Oz size)
/// is skipped for all of them.
public struct TuningBenchmark {
    /// A way of spending the budget that the benchmark compares; its raw value names it in reports and store files.
    public enum Method: String, Codable, Sendable, CaseIterable {
        /// The embedded predictor's picks, then coreset-guided search.
        case passlab
        /// The best single pool list of the training set; one compilation at any budget.
        case fixedList = "fixed-list"
        /// The greedy coreset of K pool lists, K = budget.
        case greedyCoreset = "greedy-coreset"
        /// The paper's random search with the same budget.
        case randomSearch = "random-search"
    }

    /// What one protocol is measured with.
    public struct Setup {
        /// The protocol every method is tuned and measured under.
        public var measurementProtocol: MeasurementProtocol
        /// The embedded predictor for that protocol; the baselines' pool comes from it too.
        public var model: PredictorModel
        /// How reports name the predictor (`embedded` or its file).
        public var predictorName: String

        /// A setup as given; nothing here checks that `model` was trained under `measurementProtocol` (the CLI does).
        public init(measurementProtocol: MeasurementProtocol, model: PredictorModel, predictorName: String) {
            self.measurementProtocol = measurementProtocol
            self.model = model
            self.predictorName = predictorName
        }
    }

    /// Files or directories of C, C++ and IR programs (`ProgramDiscovery`); a benchmark is an input's top-level
    /// directory.
    public var inputs: [String]
    /// Compilation budgets per module; every method runs at each.
    public var budgets: [Int]
    /// One setup per protocol, in report order.
    public var setups: [Setup]
    /// Directory of the SQLite stores, one per method and budget (`storePath(method:budget:)`); created when missing,
    /// reused to resume.
    public var storeDirectory: String
    /// A validator writing its verdicts to the given store (nil: only lists
    /// validated at training time can win, for every method).
    public var makeValidator: ((ResultStore) throws -> PassListValidator)?
    /// Search seed of every tuner (`FlagTuner.seed`).
    public var seed: UInt64 = 1
    /// Lists not validated yet that each method may validate per module (`FlagTuner.validationAttempts`).
    public var validationAttempts = FlagTuner.defaultValidationAttempts
    /// How much smaller a list a search found must make the result before it is validated, for every method
    /// (`FlagTuner.minimumValidatedGain`).
    public var minimumValidatedGain = FlagTuner.defaultMinimumValidatedGain
    /// PassLab's tuner composes per-function pass lists (`FlagTuner.perFunction`).
    public var perFunction = true
    /// PassLab's tuner searches beyond its picks at budgets above 10 (`FlagTuner.searches`).
    public var searches = true
    /// The settings every tuner of the benchmark gets, and its report records.
    var settings: TunerSettings {
        TunerSettings(
            perFunction: perFunction, searches: searches, validationAttempts: validationAttempts,
            minimumValidatedGain: minimumValidatedGain, seed: seed)
    }
    /// Ctrl-C: once requested nothing new is compiled, and `run` throws `FlagTuner.Interrupted`.
    public var stop: StopSignal?
    /// Where progress over the files shows, and each tuner's (nil: nowhere).
    public var progress: ProgressReporter?
    /// An autotuning store (`passlab autotune --db`) whose validated results
    /// PassLab's tuner is compared with, per protocol, on the modules it
    /// holds (`AutotunerComparison`), and how reports name it (nil: no comparison).
    public var autotuner: (store: ResultStore, name: String)?

    /// A benchmark with seed 1, `FlagTuner.defaultValidationAttempts` and per-function composition; a nil `makeValidator` validates
    /// nothing.
    public init(
        inputs: [String], budgets: [Int], setups: [Setup], storeDirectory: String,
        makeValidator: ((ResultStore) throws -> PassListValidator)?
    ) {
        self.inputs = inputs
        self.budgets = budgets
        self.setups = setups
        self.storeDirectory = storeDirectory
        self.makeValidator = makeValidator
    }

    /// The store of one method at one budget (both protocols share it: the store keys by protocol).
    public func storePath(method: Method, budget: Int) -> String {
        (storeDirectory as NSString).appendingPathComponent("\(method.rawValue)-budget\(budget).sqlite")
    }

    /// A tuner for `method` at `budget` under `setup`, with its own store and validator.
    func tuner(_ method: Method, budget: Int, setup: Setup, engine: EvaluationEngine) throws -> FlagTuner {
        let store = try ResultStore(path: storePath(method: method, budget: budget))
        let (predictor, strategy): (any PassListPredictor, FlagTuner.Strategy) =
            switch method {
            case .passlab: (EmbeddedPredictor(model: setup.model, name: setup.predictorName), .picksThenSearch)
            case .fixedList: (try FixedListPredictor(model: setup.model), .proposalsOnly)
            case .greedyCoreset:
                (try GreedyCoresetPredictor(model: setup.model, limit: budgets.max() ?? 1), .proposalsOnly)
            case .randomSearch: (NoProposalPredictor(), .randomSearch)
            }
        let tuner = try FlagTuner(
            engine: engine, predictor: predictor, measurementProtocol: setup.measurementProtocol,
            validator: try makeValidator?(store), store: store)
        tuner.strategy = strategy
        settings.apply(to: tuner)
        tuner.stop = stop
        tuner.progress = progress
        return tuner
    }

    /// Runs every method at every budget on every module under `inputs`;
    /// `line` gets a line per module and method.
    public func run(engine: EvaluationEngine, line: @Sendable (String) -> Void) throws -> TuningBenchmarkReport {
        let files = try ProgramDiscovery.programs(in: inputs)
        guard !files.isEmpty else {
            throw MeasureError.usage(
                "no programs in \(inputs.joined(separator: ", ")); "
                    + "give .c/.cpp/.ll/.bc files or directories")
        }
        try FileManager.default.createDirectory(atPath: storeDirectory, withIntermediateDirectories: true)
        var runs: [TuningBenchmarkReport.ProtocolRun] = []
        for setup in setups {
            runs.append(try run(setup, files: files, engine: engine, line: line))
        }
        return TuningBenchmarkReport(
            budgets: budgets, methods: Method.allCases.map(\.rawValue), protocols: runs,
            storeDirectory: storeDirectory)
    }

    func run(
        _ setup: Setup, files: [String], engine: EvaluationEngine,
        line: @Sendable (String) -> Void
    ) throws -> TuningBenchmarkReport.ProtocolRun {
        let started = Date()
        let cells = budgets.flatMap { budget in Method.allCases.map { (method: $0, budget: budget) } }
        let tuners = try cells.map { try tuner($0.method, budget: $0.budget, setup: setup, engine: engine) }
        var results = [[FlagTuningReport.Benchmarked]](repeating: [], count: cells.count)
        var skipped: [FlagTuningReport.Skipped] = []
        // The IR's SHA-256 and path of every module kept, in the rows' order: what the autotuner's store is matched by.
        var kept: [(hash: String, input: String)] = []
        let name = setup.measurementProtocol.name.rawValue
        let task = progress?.begin(
            "tuning benchmark (\(name), \(cells.count) methods x budgets)", total: files.count,
            unit: "files")
        for (index, file) in files.enumerated() {
            defer { task?.advance(current: file) }
            if stop?.isRequested == true { throw FlagTuner.Interrupted(modulesFinished: index, store: storeDirectory) }
            let bytes: [UInt8]
            do {
                bytes = try ProgramMeasurer.irBytes(of: file, triple: nil, clangArguments: [])
            } catch {
                skipped.append(.init(input: file, reason: "\(error)"))
                continue
            }
            let handle = engine.register(ir: bytes, name: file)
            defer { engine.unregister(handle) }
            if case .failure(let failure) = engine.load(handle) {
                skipped.append(.init(input: file, reason: failure.message))
                continue
            }
            // Every method or none: the rows compare the same modules.
            var module: [TuneResult] = []
            do {
                for (cell, tuner) in zip(cells, tuners) {
                    let result = try tuner.tune(
                        ir: bytes, handle: handle, name: file, budget: cell.budget,
                        countsLists: false
                    ).result
                    if stop?.isRequested == true {
                        throw FlagTuner.Interrupted(modulesFinished: index, store: storeDirectory)
                    }
                    module.append(result)
                    line(
                        String(
                            format: "[%d/%d] %@ %@ budget %d: -Oz %d, as is %@, result %d (%.2f%%), "
                                + "%d compilations, %.1f s", index + 1, files.count, file, cell.method.rawValue,
                            cell.budget, result.ozBinarySize, result.asIsBinarySize.map(String.init) ?? "none",
                            result.binarySize, result.reductionVsOz, result.compilations, result.seconds))
                }
            } catch let error as MeasureError {
                skipped.append(.init(input: file, reason: error.description))
                continue
            }
            let benchmark = FlagTuner.benchmark(of: file, inputs: inputs)
            kept.append((SHA256.hex(bytes), file))
            for (position, result) in module.enumerated() {
                results[position].append(.init(benchmark: benchmark, result: result))
            }
        }
        let rows = zip(cells, results).map { cell, results in
            TuningBenchmarkReport.Row(
                method: cell.method, budget: cell.budget, results: results,
                measurementProtocol: setup.measurementProtocol)
        }
        let comparison = try autotuner.map { autotuner in
            try AutotunerComparison.load(
                store: autotuner.store, name: autotuner.name, measurementProtocol: setup.measurementProtocol,
                hashes: kept.map(\.hash), inputs: kept.map(\.input), rows: rows)
        }
        let trainingCodeBases = Set(setup.model.programs.map(\.codeBase))
        let benchmarks = Set(files.map { FlagTuner.benchmark(of: $0, inputs: inputs) })
        return TuningBenchmarkReport.ProtocolRun(
            provenance: Provenance(setup.measurementProtocol, llvmVersion: PassCatalog.llvmVersion),
            predictor: setup.predictorName + (searches ? "" : " (no search beyond its picks)"),
            settings: settings,
            trainingCodeBases: trainingCodeBases.sorted(),
            notHeldOut: benchmarks.intersection(trainingCodeBases).sorted(),
            crossValidation: setup.model.crossValidation, rows: rows,
            verdicts: budgets.map { TuningBenchmarkReport.Verdict(budget: $0, rows: rows) }, autotuner: comparison,
            skipped: skipped, seconds: Date().timeIntervalSince(started))
    }
}
