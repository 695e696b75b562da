import Autotune
import CodeSize
import Engine
import Foundation
import LLVMBridge
import Pipelines
import Store
import Support
import Toolchain

/// What the predictor learns from: an autotuning store in which every
/// training program was searched and the best lists were broadcast to all
/// of them (`passlab autotune ... --broadcast N` with N at least the number
/// of programs), so the store holds a full program x list size matrix; or
/// a training matrix (`TrainingMatrix.trainingData(includingFunctions:)`).
public struct TrainingData: Sendable {
    /// One training program: its features, its -Oz size and its size under each pool list.
    public struct Program: Sendable {
        /// Its input path as given, or a matrix example's name (`codeBase/unit.ll`).
        public var name: String
        /// Its parent directory's name: cross-validation holds a code base out together.
        public var codeBase: String
        /// IR feature counts of its unoptimized module.
        public var features: IRFeatures
        /// Its bytes (Berkeley text + data) at the protocol's -Oz pipeline.
        public var oz: Int
        /// Size per pool list (nil: failed).
        public var sizes: [Int?]
    }

    /// The training programs, in input order.
    public var programs: [Program]
    /// Pool lists: catalog entries, or edits of `editBase`.
    public var pool: [PassAction]
    /// The pipeline of each pool list.
    public var pipelines: [Pipeline]
    /// What edit actions change (clang's -Oz under shipping); nil when the pool has catalog lists only.
    public var editBase: Pipeline?
    /// Per pool list, the programs whose own search found it (none for the
    /// pass family): a code base must not see its own lists in
    /// cross-validation.
    public var origins: [Set<Int>]

    /// Why a store cannot give training data; exit code 64 (a usage mistake).
    public enum Error: UserFacingError, CustomStringConvertible {
        /// An input is not in the store, or has no -Oz size under the protocol; the message says what to run.
        case notTuned(String)
        /// No input was given, or no list was measured on all of them (no broadcast, or too small a one).
        case noPool(String)
        /// A user mistake: inputs that were not autotuned into the store given.
        public var exitCode: Int32 { 64 }
        /// The message a user sees, with the command that fixes it.
        public var description: String {
            switch self {
            case let .notTuned(message), let .noPool(message): message
            }
        }
    }

    /// Reads the matrix for `inputs` from `store` under `measurementProtocol`.
    public static func load(
        store: ResultStore, inputs: [String], measurementProtocol: MeasurementProtocol
    ) throws -> TrainingData {
        let ozPipeline = PassCatalog.ozPipeline(for: measurementProtocol)
        var rows:
            [(name: String, codeBase: String, features: IRFeatures, oz: Int, measured: [Pipeline: StoredMeasurement])] =
                []
        for input in inputs {
            let bytes = try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
            guard
                let program = try store.existingProgram(
                    contentHash: SHA256.hex(bytes), llvmVersion: PassCatalog.llvmVersion)
            else {
                throw Error.notTuned(
                    "\(input) is not in \(store.path): autotune the training programs into that store first "
                        + "(scripts/train-predictor does both steps)")
            }
            let measured = try store.measurements(of: program, measurementProtocol: measurementProtocol)
            guard let oz = measured[ozPipeline]?.binarySize else {
                throw Error.notTuned(
                    "\(input) has no -Oz measurement under \(measurementProtocol) in \(store.path): autotune it with that protocol"
                )
            }
            let module = try Context().parseIR(bytes, name: input)
            let codeBase = input.split(separator: "/").dropLast().last.map(String.init) ?? ""
            rows.append((input, codeBase, module.features, oz, measured))
        }
        guard !rows.isEmpty else { throw Error.noPool("no training programs given") }
        // The pool: lists measured on every program (the broadcast), made of catalog entries.
        let catalog = Set(PassCatalog.entries.map(\.pipeline))
        var counts: [Pipeline: Int] = [:]
        for row in rows { for pipeline in row.measured.keys { counts[pipeline, default: 0] += 1 } }
        let everywhere = Set(counts.filter { $0.value == rows.count }.keys)
        // The empty list is a candidate too: under the paper protocol, leaving a module alone can beat -Oz.
        // In the order of their texts, as the pool always was.
        let pool = everywhere.filter { $0 != ozPipeline && $0.passes.allSatisfy(catalog.contains) }
            .map { (pipeline: $0, text: $0.text) }.sorted { $0.text < $1.text }.map(\.pipeline)
        guard !pool.isEmpty else {
            throw Error.noPool(
                "no pass list was measured on all \(rows.count) training programs in \(store.path): run "
                    + "`passlab autotune` on them with --broadcast \(rows.count) or more")
        }
        // Ids are in measurement order. The search phases come first, one
        // program after the other; the broadcast comes last and measures
        // lists that end up measured everywhere only. So the broadcast starts at the first measurement
        // after the last non-pool one that is on another program (the last
        // program's search may end with pool lists: its own best ones). A
        // pool list measured on a program before then was found by that
        // program's own search.
        let ordered = rows.indices.flatMap { index in
            rows[index].measured.compactMap { pipeline, stored in
                stored.id.map { (id: $0, program: index, pool: everywhere.contains(pipeline)) }
            }
        }.sorted { $0.id < $1.id }
        var broadcastStart = Int64.max
        if let last = ordered.lastIndex(where: { !$0.pool }) {
            broadcastStart = ordered[last...].first { $0.program != ordered[last].program }?.id ?? .max
        }
        // The pass family is the same for every program (no search found
        // it): it has no origin, even where a search happened to try it.
        let catalogEntries = PassCatalog.entries
        let family = Set(
            Autotuner.passFamily.compactMap { list in try? Pipeline(passes: list.map { catalogEntries[$0].pipeline }) })
        let origins = pool.map { pipeline in
            family.contains(pipeline)
                ? [] : Set(rows.indices.filter { (rows[$0].measured[pipeline]?.id ?? .max) < broadcastStart })
        }
        let programs = rows.map { row in
            Program(
                name: row.name, codeBase: row.codeBase, features: row.features, oz: row.oz,
                sizes: pool.map { row.measured[$0]?.binarySize })
        }
        return TrainingData(
            programs: programs, pool: pool.map { .passes($0.passes) }, pipelines: pool,
            editBase: nil, origins: origins)
    }
}

/// Fits a `PredictorModel` to `TrainingData`: standardization, then the
/// neighbourhood size and prior weight that do best in leave-one-code-base-
/// out cross-validation (a code base's programs are predicted by a model
/// that never saw them nor the lists their searches found).
public struct PredictorTrainer: Sendable {
    /// Neighbourhood sizes tried (`PredictorModel.neighbours`; 0: every program).
    public var neighbourGrid: [Int] = [1, 3, 5, 8, 12, 20, 0]
    /// The largest prior makes the neighbours irrelevant: every program
    /// weighs the same, and the picks are the greedy coreset of the whole
    /// training set, the baseline a feature-based choice must beat.
    public var priorGrid: [Double] = [0, 0.1, 0.3, 1, 3, 1_000_000]
    /// Budgets reported in the cross-validation table.
    public var reportedBudgets: [Int] = [1, 3, 10, 30, 100]

    /// A trainer with the default grids and reported budgets.
    public init() {}

    /// Fits a model to `data` under the protocol: standardizes the features; keeps the (neighbours, prior) pair with
    /// the best cross-validated reduction at budget 1 for the first pick, and, given that first pick, the pair with
    /// the best at budget 10 for the ranking (the two differ when what transfers best as one zero-shot bet is not
    /// what ranks ten lists best); records cross-validation at `reportedBudgets`. `validated` gives a list's known
    /// verdict by `opt -p` text (nil or false: the pool list is not marked validated).
    public func fit(
        _ data: TrainingData, measurementProtocol: MeasurementProtocol, provenance: String,
        validated: (Pipeline) -> Bool?
    ) -> PredictorModel {
        let transformed = data.programs.map { PredictorModel.transform($0.features) }
        let dimensions = IRFeatures.names.count
        let mean = (0..<dimensions).map { d in transformed.reduce(0) { $0 + $1[d] } / Double(transformed.count) }
        let scale = (0..<dimensions).map { d -> Double in
            let variance =
                transformed.reduce(0) { $0 + ($1[d] - mean[d]) * ($1[d] - mean[d]) } / Double(transformed.count)
            return variance > 1e-12 ? variance.squareRoot() : 1
        }
        let programs = zip(data.programs, transformed).map { program, values in
            PredictorModel.TrainingProgram(
                name: program.name, codeBase: program.codeBase,
                features: zip(values, zip(mean, scale)).map { round4(($0 - $1.0) / $1.1) },
                // An empty program (0 bytes at -Oz) gains nothing; a 0-byte result has no ratio (no gain known).
                gains: program.sizes.map { size in
                    program.oz == 0
                        ? 0 : size.flatMap { $0 > 0 ? round4(Foundation.log(Double(program.oz) / Double($0))) : nil }
                })
        }
        var model = PredictorModel(
            formatVersion: PredictorModel.formatVersion, protocolName: measurementProtocol.name.rawValue,
            protocolKey: measurementProtocol.storeKey, llvmVersion: PassCatalog.llvmVersion, editBase: data.editBase,
            provenance: provenance,
            featureNames: IRFeatures.names, featureMean: mean.map(round4), featureScale: scale.map(round4),
            neighbours: 0, priorWeight: 0,
            lists: zip(data.pool, data.pipelines).map { PredictorModel.PoolList($0, validated: validated($1) == true) },
            programs: programs, crossValidation: [])
        let grid = neighbourGrid.flatMap { neighbours in
            priorGrid.map { PredictorModel.Weighting(neighbours: neighbours, priorWeight: $0) }
        }
        /// The ranking weighting of `grid` that cross-validates best at `budget` (with the model's first pick as
        /// it stands); the first on ties.
        func best(at budget: Int) -> PredictorModel.Weighting {
            var best: (score: Double, weighting: PredictorModel.Weighting)?
            for weighting in grid {
                var candidate = model
                candidate.ranking = weighting
                let score = crossValidate(candidate, data: data, budget: budget).reduction
                if best == nil || score > best!.score + 1e-9 { best = (score, weighting) }
            }
            return best?.weighting ?? PredictorModel.Weighting(neighbours: 0, priorWeight: 0)
        }
        // Budget 1 sees the first pick only: chosen with no first pick of its own, it is the first pick.
        let first = best(at: 1)
        model.firstPick = first
        model.ranking = best(at: 10)
        if first == model.ranking { model.firstPick = nil }
        model.crossValidation = reportedBudgets.map { budget in
            let result = crossValidate(model, data: data, budget: budget)
            return PredictorModel.CrossValidationPoint(
                budget: budget, geomeanReductionVsOzWithBackup: result.reduction,
                oracleReductionVsOz: result.oracle)
        }
        return model
    }

    /// Leave-one-code-base-out: geomean reduction vs -Oz (with backup, %)
    /// of the model's first `budget` picks, and of the best pool list. Every
    /// code base weighs the same (the mean over code bases of each one's mean
    /// log gain): a new program comes from a code base the model never saw,
    /// and a code base with many units (libsodium's 88, ERFA's 60) must not
    /// decide alone which choice transfers.
    func crossValidate(_ model: PredictorModel, data: TrainingData, budget: Int) -> (reduction: Double, oracle: Double)
    {
        var gains: [Double] = [], oracle: [Double] = []
        for codeBase in Set(data.programs.map(\.codeBase)).sorted() {
            var heldGains: [Double] = [], heldOracle: [Double] = []
            let held = Set(model.programs.indices.filter { model.programs[$0].codeBase == codeBase })
            let allowed = model.lists.indices.filter { data.origins[$0].isDisjoint(with: held) }
            for program in held.sorted() {
                let chosen = model.picks(
                    for: model.programs[program].features, count: budget, excluding: held.contains, allowed: allowed)
                let row = model.programs[program].gains
                heldGains.append(max(0, chosen.compactMap { row[$0] }.max() ?? 0))
                heldOracle.append(max(0, allowed.compactMap { row[$0] }.max() ?? 0))
            }
            gains.append(meanGain(heldGains))
            oracle.append(meanGain(heldOracle))
        }
        return (geomeanReduction(gains), geomeanReduction(oracle))
    }
}

/// Percent geomean reduction of gains `ln(-Oz / size)` (0 for none).
func geomeanReduction(_ gains: [Double]) -> Double {
    100 * (1 - Foundation.exp(-meanGain(gains)))
}

/// The mean of gains `ln(-Oz / size)` (0 for none).
func meanGain(_ gains: [Double]) -> Double {
    gains.isEmpty ? 0 : gains.reduce(0, +) / Double(gains.count)
}

func round4(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

extension TrainingData {
    /// The same data without the pool lists at `indices` (failed validation).
    public func removingPool(_ indices: Set<Int>) -> TrainingData {
        let kept = pool.indices.filter { !indices.contains($0) }
        var copy = self
        copy.pool = kept.map { pool[$0] }
        copy.pipelines = kept.map { pipelines[$0] }
        copy.origins = kept.map { origins[$0] }
        for index in copy.programs.indices { copy.programs[index].sizes = kept.map { programs[index].sizes[$0] } }
        return copy
    }
}
