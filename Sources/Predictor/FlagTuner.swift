import Autotune
import CodeSize
import Engine
import Foundation
import LLVMBridge
import Pipelines
import Search
import Store
import Support
import Toolchain
import Validation

/// Tunes modules with a `PredictorModel`: its first picks for the module,
/// then, for budgets above `minimumPoolPicks`, a coreset-guided local search
/// seeded with them (`CoresetSearch`) for the rest (see `poolPicks`). The result is the smallest list that
/// passed PassListEval, or -Oz when none beats it: never worse than -Oz.
///
/// Pool lists validated at training time are trusted; any other winner is
/// validated here (verdicts kept in `verdictStore`), at most
/// `validationAttempts` lists per module. Without a validator only
/// validated lists can win.
public final class FlagTuner: @unchecked Sendable {
    /// The worker pool that compiles, measures and composes.
    public let engine: EvaluationEngine
    /// Who proposes the lists: `EmbeddedPredictor`, `ServedModelPredictor` or a baseline.
    public let predictor: any PassListPredictor
    /// How sizes are measured and lists validated; an embedded model must have been trained under it.
    public let measurementProtocol: MeasurementProtocol
    let validator: PassListValidator?
    let verdicts: VerdictLookup?
    /// Measurements and verdicts: a module tuned again (or an evaluation
    /// run again after Ctrl-C) reads stored sizes instead of compiling.
    let store: ResultStore?
    /// Path of the store sizes and verdicts go to (nil: none), for "run again to resume" messages.
    public var storePath: String? { store?.path }
    let catalogIndex: [String: Int]
    /// Most lists not validated yet that PassListEval runs on per module.
    /// Budget 100, shipping, `bench tuning` (2026-12-06): on the 23
    /// held-out units 3 gave 6.02% at 6.80 s per module (mean), 2 6.02% at
    /// 5.51 s, 1 5.99% at 4.55 s; on 8 units of the second held-out set all
    /// three the same sizes (4.68%) at 8.96, 6.51 and 5.23 s.
    public var validationAttempts = FlagTuner.defaultValidationAttempts
    /// `validationAttempts` of a new tuner (and of `TuningBenchmark`, `bench tuning --validation-attempts`).
    public static let defaultValidationAttempts = 2
    /// A list a search found is validated only when it would make the result smaller by at least this share
    /// of the -Oz object: smaller alone than everything validated (the composition included) by that much,
    /// or, as a helper, saving that much by its function sizes (and at least `helperShare`). Each PassListEval
    /// run costs 4-14 s on 2 cores. The predictor's own proposals (a served model's list) are validated
    /// whenever they are smaller. Budget 100, shipping, empty stores (2026-12-08), 0 against 0.005:
    /// `held-out.txt` 6.02% -> 5.99% at a median of 2.42 -> 2.55 s per module (mean 6.49 -> 5.54 s),
    /// `held-out-3.txt` 7.40% -> 7.28% at 9.41 -> 3.60 s (mean 8.40 -> 6.34 s); the default keeps every byte.
    public var minimumValidatedGain = FlagTuner.defaultMinimumValidatedGain
    /// `minimumValidatedGain` of a new tuner (`tune`, `eval flag-tuning` and `bench tuning`: `--min-validated-gain`).
    public static let defaultMinimumValidatedGain = 0.0
    /// Share of a budget above `minimumPoolPicks` given to the predictor's picks (see `poolPicks`).
    public var poolShare = 0.3
    /// Of the budget left after the picks, the share the edit search may
    /// spend growing the best edit of -Oz (the catalog search gets the rest).
    public var editShare = 0.5
    /// Edit merges compiled at once while growing the best edit of -Oz (see
    /// `EditCombination`): two, on two workers in parallel where one at a
    /// time left a worker idle. A constant, not the number of workers, so
    /// that the same command picks the same lists on any machine.
    static let editWidth = 2
    /// Budgets up to this many go wholly to the predictor's picks; larger ones give it at least this many.
    public var minimumPoolPicks = 10
    /// Whether budgets above `minimumPoolPicks` search beyond the predictor's picks. Off (`--no-search`),
    /// the whole budget goes to picks, composed per function: with the embedded predictor only pool lists,
    /// validated when it was trained, are compiled, so nothing is validated while tuning. Budget 100,
    /// shipping, empty stores (2026-12-07): `held-out.txt` 6.02% -> 5.57% at a median of 2.09 -> 1.62 s per
    /// module, `held-out-2.txt` 3.96% -> 3.54% at 1.04 -> 0.60 s, `held-out-3.txt` 7.40% -> 6.72% at 10.04 ->
    /// 1.81 s (its modules validated a list the search found in 9 of 17); with `poolShare` 0.6 instead,
    /// 5.88% at 2.27 s and 7.26% at 3.57 s on the first and third.
    public var searches = true
    /// At budgets above 1, the last compilation composes per-function pass
    /// lists: the -Oz pipeline and the smallest validated lists compiled
    /// (at most `composedLists` in all), each function taking the body the
    /// list that compiled it smallest made (`EvaluationEngine.compose`). It
    /// wins when that one object is smaller than the best single list. It
    /// comes before validation, so that only lists smaller than it are
    /// validated (on the 23 held-out units at budget 100: median 2.68 s per
    /// module instead of 8.11 s, 5.91% instead of 6.06%). When a search ran,
    /// the lists validated here join a second composition, reserved from
    /// the search's budget (see `helperShare`).
    public var perFunction = true
    /// The composition reads the lists' function sizes from the workers'
    /// memo instead of compiling them again, so many lists cost little: 32
    /// gave 6.06% at budget 100 on the 23 held-out units, 16 5.95%, 64 6.06%.
    public var composedLists = 32
    /// Helpers: lists not validated yet (of the `helperCandidates` smallest
    /// a search found) whose functions, compiled smaller than in every
    /// composed list, save at least this share of the -Oz object by their
    /// symbol sizes (`functionSizes`) are validated too, within
    /// `validationAttempts`, and each that passes joins a second
    /// composition with the lists smaller alone that passed. Nil: only
    /// lists smaller alone than the composition are validated. On the 23
    /// held-out units at budget 100 (shipping, empty stores, seeds 1 and 2)
    /// 5.87% -> 6.00% and 5.80% -> 5.94%, mostly from two modules (libuv's
    /// idna, NNG's sha1); median 2.04 -> 2.29 s per module.
    public var helperShare: Double? = 0.0025
    /// When the result is composed per function, the share of the search's
    /// parents drawn from the lists that compiled some function smallest so
    /// far instead of the best whole lists (`CoresetSearch.functionParentShare`).
    /// On the 23 held-out units at budget 100 (shipping, empty stores), seed
    /// 1: 0 5.998%, 0.3 6.056%, 0.6 6.115%, 0.9 6.044%; seed 2: 0 5.935%, 0.3
    /// 6.012%, 0.6 6.155%.
    public var functionParentShare = 0.6
    /// How many of the smallest unvalidated lists are weighed as helpers (their function sizes come with the search's
    /// compilations). 32 gave what 16 gives.
    public var helperCandidates = 16
    /// Whether the unoptimized module (the empty list) is compiled beside
    /// -Oz. Evaluations need it: "as is" counts a module where no compiled
    /// list validated at the unoptimized size. Choosing and shipping a list
    /// do not, and at budget 1 it is a third compilation on two workers, one
    /// that waits for a free worker and ends last (the unoptimized module is
    /// the largest to lower): `passlab tune` turns it off at budget 1 and
    /// reports a size earlier runs stored, if any.
    public var measuresUnoptimized = true
    /// Whether the first composition starts as soon as its lists are known,
    /// beside the search (`EarlyComposition`); off only to compare.
    var composesEarly = true
    /// First compositions made beside the search and used (for tests).
    private(set) var earlyCompositionsUsed = 0
    /// How the budget is spent; the baselines of `bench tuning` differ from
    /// PassLab's tuner only here, so compilations, validation and the -Oz
    /// backup are the same for all of them.
    public var strategy = Strategy.picksThenSearch
    /// Ctrl-C: nothing new is compiled once it is requested.
    public var stop: StopSignal?
    /// Base seed of the searches, mixed with the module's text (`searchSeed`): one module, one seed, one result.
    public var seed: UInt64 = 1
    /// Where long work shows progress: the lists of a tune with budget > 1,
    /// the modules of an evaluation, the programs of each validation.
    public var progress: ProgressReporter? {
        didSet { validator?.progress = progress }
    }

    /// A tuner with the embedded predictor `model` (trained for this protocol).
    public convenience init(
        engine: EvaluationEngine, model: PredictorModel, measurementProtocol: MeasurementProtocol,
        validator: PassListValidator?, store: ResultStore?, predictorName: String = "embedded"
    ) throws {
        guard model.protocolName == measurementProtocol.name.rawValue else {
            throw MeasureError.usage(
                "the predictor was trained under the \(model.protocolName) protocol, not \(measurementProtocol.name.rawValue); "
                    + "pass --protocol \(model.protocolName) or a predictor trained for \(measurementProtocol.name.rawValue)"
            )
        }
        try self.init(
            engine: engine, predictor: EmbeddedPredictor(model: model, name: predictorName),
            measurementProtocol: measurementProtocol,
            validator: validator, store: store)
    }

    /// A tuner with any predictor. Without `store` nothing is kept between runs; without `validator` only lists
    /// validated before (trusted pool lists, or verdicts in the store) can win.
    public init(
        engine: EvaluationEngine, predictor: any PassListPredictor, measurementProtocol: MeasurementProtocol,
        validator: PassListValidator?, store: ResultStore?
    ) throws {
        self.engine = engine
        self.predictor = predictor
        self.measurementProtocol = measurementProtocol
        self.validator = validator
        self.store = store
        self.verdicts = store.map { VerdictLookup(store: $0, measurementProtocol: measurementProtocol) }
        var index: [String: Int] = [:]
        for (position, entry) in PassCatalog.entries.enumerated() where index[entry.pipeline] == nil {
            index[entry.pipeline] = position
        }
        catalogIndex = index
    }

    /// Pool lists compiled at `budget`: all of it up to `minimumPoolPicks`,
    /// then `poolShare` of it (at least `minimumPoolPicks`); local search
    /// gets the rest. In leave-one-code-base-out cross-validation the pool's
    /// gain flattens after some 30 picks, while each program's own best
    /// lists (what search finds) are worth about twice the best pool list.
    public func poolPicks(budget: Int) -> Int {
        switch strategy {
        case .picksThenSearch: if !searches { return min(budget, predictor.maximumProposals) }
        case .proposalsOnly: return min(budget, predictor.maximumProposals)
        case .randomSearch: return 0
        }
        let picks =
            budget <= minimumPoolPicks ? budget : max(minimumPoolPicks, Int((Double(budget) * poolShare).rounded()))
        return min(picks, predictor.maximumProposals)
    }

    /// Whether a search spends what `picks` pool picks leave of `budget`: PassLab's strategy with `searches`
    /// on. With it off, what the picks leave (when the predictor has fewer lists than the budget, as the served
    /// model, which proposes one) is left unspent, not searched.
    func searchFollows(picks: Int, budget: Int) -> Bool {
        strategy == .picksThenSearch && searches && budget > picks
    }

    /// The searches' seed: `seed` mixed with the module's text less the lines that name its source file
    /// (`; ModuleID =`, `source_filename =`), so that one program tunes to the same list wherever it lies.
    public static func searchSeed(_ seed: UInt64, ir: [UInt8]) -> UInt64 {
        var hash = StableHash()
        var start = 0
        while start < ir.count {
            let end = ir[start...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? ir.count
            let line = ir[start..<end]
            if !(line.starts(with: Self.moduleIDPrefix) || line.starts(with: Self.sourceFilenamePrefix)) {
                hash.combine(line)
            }
            start = end
        }
        return seed ^ hash.value
    }

    private static let moduleIDPrefix = Array("; ModuleID = ".utf8)
    private static let sourceFilenamePrefix = Array("source_filename = ".utf8)

    /// Tunes the module `handle` (registered and loaded; `ir` its bytes, for the features and the seed) with `budget`
    /// compilations, the -Oz reference and the unoptimized size aside. Throws `MeasureError.badInput` when -Oz has no
    /// size, and whatever the predictor, the store or the validator throw.
    public func tune(ir: [UInt8], handle: ModuleHandle, name: String, budget: Int) throws -> TuneResult {
        try tune(ir: ir, handle: handle, name: name, budget: budget, countsLists: true).result
    }

    /// `tune`, and at budget 1 the result's `output` (the optimized IR, the
    /// object...) from the very compilation that measured it: a caller that
    /// writes the result then compiles nothing again (`passlab tune`, where
    /// that compilation was a fifth of a small module's time). Nil when the
    /// result was not compiled now (its size was read back from the store)
    /// or at a larger budget (keeping the output of every list compiled
    /// would cost more than compiling the winner once more).
    public func tune(
        ir: [UInt8], handle: ModuleHandle, name: String, budget: Int, output: OutputKinds
    ) throws -> (result: TuneResult, output: [UInt8]?) {
        try tune(ir: ir, handle: handle, name: name, budget: budget, countsLists: true, output: output)
    }

    /// What `tune` makes of a module's bytes before it compiles anything:
    /// its features, its row in the store and the predictor's proposals.
    /// `passlab tune` prepares while the workers parse the module, so that
    /// they start compiling as soon as they have (the parse in this process,
    /// the store's row and the ranking were 0.02-0.04 s between the two).
    public struct Preparation {
        let name: String
        /// How long preparing took: the seconds a tune reports count it, not a wait between the two.
        let seconds: TimeInterval
        /// Compositions the budget keeps (`composes`, `recomposes`) and the lists' budget without them.
        let composes: Bool
        let recomposes: Bool
        let reserved: Int
        let budget: Int
        let searchSeed: UInt64
        let program: StoredProgram?
        let pickCount: Int
        let prediction: Prediction
    }

    /// The module's `Preparation` for a tune with `budget` compilations:
    /// throws what the predictor or the store throw, and for IR that does
    /// not parse.
    public func prepare(ir: [UInt8], name: String, budget: Int) throws -> Preparation {
        let started = Date()
        // The composition is one of the budget's lists.
        let composes = perFunction && strategy == .picksThenSearch && budget > 1
        // With a search, lists validated here may compose again: a second composition.
        let recomposes =
            composes && validator != nil && searchFollows(picks: poolPicks(budget: budget - 1), budget: budget - 1)
        let reserved = composes ? (recomposes ? 2 : 1) : 0
        let budget = budget - reserved
        let features = try Context().parseIR(ir, name: name).features
        let contentHash = SHA256.hex(ir)
        let program = try store?.program(
            contentHash: contentHash, llvmVersion: PassCatalog.llvmVersion, name: name,
            instructionCount: features["instructions"].map { Int($0) } ?? 0)
        // The picks, and beyond them (budgets above the picks) the edit actions ranked next, for the edit search.
        let pickCount = poolPicks(budget: budget)
        let asked =
            searchFollows(picks: pickCount, budget: budget) && predictor.editBase != nil
            ? predictor.maximumProposals : pickCount
        // Lists chosen to complement each other per function when the composition is all that follows
        // them. Before a search they are its seeds, and the ranking's catalog lists seed it better (on the
        // 23 held-out units at budget 100: 6.02% with the ranking's, 5.85% with composition picks).
        let request = PredictionRequest(
            name: name, ir: ir, features: features, composing: composes && pickCount >= budget)
        let prediction = try predictor.predict(request, count: asked)
        return Preparation(
            name: name, seconds: Date().timeIntervalSince(started), composes: composes, recomposes: recomposes,
            reserved: reserved, budget: budget, searchSeed: Self.searchSeed(seed, ir: ir), program: program,
            pickCount: pickCount, prediction: prediction)
    }

    /// `tune` of a module prepared already (`prepare`, with this tuner's settings as they are now), its
    /// output at budget 1 as `tune(ir:handle:name:budget:output:)` gives it.
    public func tune(
        _ prepared: Preparation, handle: ModuleHandle, output: OutputKinds
    ) throws -> (result: TuneResult, output: [UInt8]?) {
        try tune(prepared, handle: handle, countsLists: true, output: output)
    }

    /// `countsLists`: show the lists compiled as the progress task (an
    /// evaluation counts modules instead).
    func tune(
        ir: [UInt8], handle: ModuleHandle, name: String, budget: Int, countsLists: Bool, output: OutputKinds = []
    ) throws -> (result: TuneResult, output: [UInt8]?) {
        try tune(prepare(ir: ir, name: name, budget: budget), handle: handle, countsLists: countsLists, output: output)
    }

    private func tune(
        _ prepared: Preparation, handle: ModuleHandle, countsLists: Bool, output: OutputKinds
    ) throws -> (result: TuneResult, output: [UInt8]?) {
        let started = Date(timeIntervalSinceNow: -prepared.seconds)
        let (name, budget, composes, recomposes, reserved) = (
            prepared.name, prepared.budget, prepared.composes, prepared.recomposes, prepared.reserved
        )
        let (searchSeed, program, pickCount, prediction) = (
            prepared.searchSeed, prepared.program, prepared.pickCount, prepared.prediction
        )
        let objective = try EngineObjective(
            engine: engine, handle: handle, measurementProtocol: measurementProtocol, store: store,
            program: program)
        objective.stop = stop
        objective.keepsObjects = composes
        // Budget 1 compiles -Oz and one pick in one batch: keeping both outputs costs less than a third compilation.
        objective.keptOutputs = budget == 1 && !composes ? output : []
        let ozPipeline = PassCatalog.ozPipeline(for: measurementProtocol)
        let picks = Array(prediction.proposals.prefix(pickCount))
        let furtherEdits = prediction.proposals.dropFirst(pickCount).compactMap {
            if case .edits = $0.action { $0.action } else { nil }
        }
        // A few picks compile in one batch with the references: the workers run them side by side
        // (budget 1 costs one round of compilations, not two). Many picks come after the references,
        // so that Ctrl-C during the picks finds -Oz measured.
        let together = picks.count <= 2 * engine.configuration.jobs
        let references = measuresUnoptimized ? [ozPipeline, .empty] : [ozPipeline]
        let firstBatch = objective.cost(ofPipelines: references + (together ? picks.map(\.pipeline) : []))
        let unoptimized = measuresUnoptimized ? firstBatch[1] : objective.knownCost(of: .empty)
        guard let oz = firstBatch[0] else {
            let reason = objective.failure(of: ozPipeline) ?? "it did not compile"
            throw MeasureError.badInput(
                "\(name): the -Oz reference (\(PassCatalog.displayName(of: ozPipeline))) has no size "
                    + "(\(reason)), so nothing can be compared with it")
        }
        var task: ProgressTask?
        if let progress, countsLists, budget + reserved > 1 {
            let started = progress.begin(
                "tune \((name as NSString).lastPathComponent)", total: budget + reserved, unit: "lists")
            started.advance(by: together ? picks.count : 0)
            objective.onBatch = { started.advance(by: $0) }
            task = started
        }
        // Edit actions are shown as the edits, not as some 4,000 characters of pipeline.
        var editNames: [Pipeline: String] = [:]
        for pick in picks { if case .edits = pick.action { editNames[pick.pipeline] = pick.action.description } }
        let pickSizes =
            together
            ? Array(firstBatch.dropFirst(references.count)) : objective.cost(ofPipelines: picks.map(\.pipeline))
        var evaluated: [(pipeline: Pipeline, size: Int?, length: Int)] = zip(picks, pickSizes).map {
            ($0.pipeline, $1, $0.action.length)
        }
        // When a search follows, the first composition's lists are usually known once the picks are
        // measured (-Oz and the validated picks: search lists are new, so not validated yet), and it
        // composes on one worker while the search uses the other, instead of alone at the end; it is
        // used only if the lists it would compose at the end are the same (`earlyComposition`).
        let validatedPicks = Set(picks.filter(\.validated).map(\.pipeline))
        let earlyComposition =
            composesEarly && composes && searchFollows(picks: picks.count, budget: budget)
                && stop?.isRequested != true
            ? EarlyComposition(
                lists: Self.compositionComponents(
                    of: zip(picks, pickSizes).map { ($0.pipeline, $1, $0.action.length) }, oz: ozPipeline,
                    limit: composedLists,
                    isValidated: { validatedPicks.contains($0) || self.verdicts?.verdict($0) == true }),
                engine: engine, handle: handle, objective: objective, measurementProtocol: measurementProtocol)
            : nil
        defer { earlyComposition?.wait() }
        var refined = 0
        if strategy == .randomSearch {
            let search = RandomSearch(budget: budget, seed: searchSeed, lengths: 1...50)
            let found = search.run(objective)
            refined = found.evaluations
            if let best = found.best {
                evaluated.append((objective.pipeline(for: best.list), best.cost, best.list.count))
            }
        } else if searchFollows(picks: picks.count, budget: budget), !(picks.isEmpty && budget == 1) {
            // Edit actions that beat -Oz are combined first, then the best is extended by the edit actions
            // ranked next (up to `editShare` of what is left), the rest goes to the catalog search.
            let editWinners = zip(picks, evaluated).compactMap { pick, item -> (action: PassAction, size: Int)? in
                guard case .edits = pick.action, let size = item.size, size < oz else { return nil }
                return (pick.action, size)
            }
            let editBudget = max(editWinners.count - 1, Int((Double(budget - picks.count) * editShare).rounded()))
            let combination = EditCombination(
                base: predictor.editBase, budget: min(budget - picks.count, editBudget),
                width: Self.editWidth)
            let combined = combination.run(
                winners: editWinners, candidates: furtherEdits, reference: oz,
                cost: { objective.cost(ofPipelines: $0) })
            refined += combined.count
            evaluated += combined.map { ($0.pipeline, $0.size, $0.length) }
            for item in combined { editNames[item.pipeline] = item.action.description }
            // Then the search, seeded with the catalog picks that compiled, best first (re-read from the
            // objective's cache: they cost no compilation).
            let ranked = zip(picks, evaluated).compactMap { pick, item -> (list: PassList, size: Int)? in
                guard case .passes(let passes) = pick.action, let size = item.size else { return nil }
                return (passes.compactMap { catalogIndex[$0] }, size)
            }.sorted { $0.size < $1.size }.map(\.list)
            let remaining = budget - picks.count - combined.count
            if remaining > 0 {
                var search = CoresetSearch(budget: remaining + ranked.count, seed: searchSeed)
                search.functionParentShare = composes ? functionParentShare : 0
                let found = search.run(coreset: ranked, objective: objective)
                refined += found.evaluations - ranked.count
                if let best = found.best {
                    evaluated.append((objective.pipeline(for: best.list), best.cost, best.list.count))
                }
            }
        }
        // Lists evaluated (read back from the store or compiled).
        let compilations = picks.count + refined + reserved
        let trusted = Set(picks.filter(\.validated).map(\.pipeline))

        // The smallest list that passes validation, trying at most validationAttempts unknown ones.
        // Ties go to the shorter list, then to the first by text.
        typealias Candidate = (pipeline: Pipeline, text: String, size: Int, length: Int)
        var seen = Set<Pipeline>()
        let candidates = evaluated.compactMap { item -> Candidate? in
            guard let size = item.size else { return nil }
            return seen.insert(item.pipeline).inserted ? (item.pipeline, item.pipeline.text, size, item.length) : nil
        }.sorted { ($0.size, $0.length, $0.text) < ($1.size, $1.length, $1.text) }
        let predicted = candidates.first
        func isValidated(_ pipeline: Pipeline) -> Bool {
            trusted.contains(pipeline) || verdicts?.verdict(pipeline) == true
        }
        // Per-function lists from -Oz and the smallest validated lists, composed
        // before anything is validated here: a list no smaller than that
        // composition, and no help to it, could not make the result smaller.
        var composition: (applied: FunctionComposition, size: Int, length: Int)?
        var composedHere = false
        func components(first: [Pipeline]) -> [Pipeline] {
            Self.compositionComponents(
                of: candidates.map { ($0.pipeline, $0.size, $0.length) }, oz: ozPipeline, first: first,
                limit: composedLists, isValidated: isValidated)
        }
        // The lists' function sizes come from the objective (kept from the search's compilations) or the workers.
        func compose(_ lists: [Pipeline], objects: [MeasuredObject?]? = nil) {
            let composed: (outcome: EvaluationOutcome, composition: FunctionComposition?)
            if let early = earlyComposition?.result(for: lists) {
                composed = early
                earlyCompositionsUsed += 1
            } else {
                composed = engine.compose(
                    handle, lists: lists, objects: objects ?? objective.objects(of: lists),
                    measurementProtocol: measurementProtocol)
            }
            guard let measurement = composed.outcome.measurement, let applied = composed.composition,
                !applied.functions.isEmpty, measurement.binarySize < composition?.size ?? Int.max
            else { return }
            composition = (applied, measurement.binarySize, applied.lists.map(\.elements.count).reduce(0, +))
        }
        // Lists not validated yet that might help the composition: their function sizes come with the components'.
        let unvalidated =
            recomposes && helperShare != nil
            ? Array(
                candidates.filter { !isValidated($0.pipeline) && verdicts?.verdict($0.pipeline) != false }
                    .prefix(helperCandidates)) : []
        var helpers: [(candidate: Candidate, saving: Int)] = []
        if composes, stop?.isRequested != true {
            let lists = components(first: [])
            if lists.count > 1 {
                composedHere = true
                // Counted once made: until then the progress line's ETA is not 0.
                task?.advance(by: 0, current: "per-function composition")
                let objects = objective.objects(of: lists + unvalidated.map(\.pipeline))
                compose(lists, objects: Array(objects.prefix(lists.count)))
                helpers = Self.functionSavings(
                    of: zip(unvalidated, objects.dropFirst(lists.count)).map { ($0, $1) },
                    over: objects.prefix(lists.count).compactMap { $0 })
                task?.advance()
            }
        }
        // Validate, smallest first, lists that beat -Oz, every list already
        // validated and the composition (a list a search found: by at least
        // `minimumValidatedGain`; without a composition, until one passes);
        // then helpers, most bytes first. A list only as small (a
        // shorter list the search found, or one the composition matches)
        // cannot make the result smaller: validating such lists cost 5-10 s
        // for nothing on 2 of 23 held-out modules at budget 100. Every list
        // that passes joins a second composition.
        let validatedBefore = candidates.first { isValidated($0.pipeline) }
        let validatedSize = min(validatedBefore?.size ?? oz, composition?.size ?? oz)
        let byPipeline = Dictionary(candidates.map { ($0.pipeline, $0) }, uniquingKeysWith: { first, _ in first })
        let queue = Self.validationQueue(
            smallestFirst: candidates.map { ($0.pipeline, $0.size) },
            helpers: helpers.map { ($0.candidate.pipeline, $0.saving) }, validatedSize: validatedSize, oz: oz,
            proposed: Set(picks.map(\.pipeline)), minimumGain: minimumValidatedGain, helperShare: helperShare
        ).compactMap { byPipeline[$0] }
        // Only a budget that reserved the second composition composes the lists validated here.
        let composesAgain = composedHere && recomposes
        var passed: Candidate?
        var passedLists: [Pipeline] = []
        var validations = 0
        var validationSeconds = 0.0
        for candidate in queue {
            if verdicts?.verdict(candidate.pipeline) == false { continue }
            // After Ctrl-C nothing new is validated: the caller reports the interruption.
            guard let validator, validations < validationAttempts, stop?.isRequested != true else { continue }
            // The smallest list that passes is enough when there is nothing to compose it with.
            if passed != nil, !composesAgain { break }
            validations += 1
            let validationStarted = Date()
            let report = try validator.validate(pipeline: candidate.pipeline, measurementProtocol: measurementProtocol)
            validationSeconds += Date().timeIntervalSince(validationStarted)
            verdicts?.remember(candidate.pipeline, passed: report.passed)
            if report.passed {
                passedLists.append(candidate.pipeline)
                if passed.map({ candidate.size < $0.size }) ?? true { passed = candidate }
            }
        }
        // Lists validated here join the composition (a second one, reserved from the search's budget).
        if composesAgain, !passedLists.isEmpty, stop?.isRequested != true {
            task?.advance(by: 0, current: "per-function composition with the lists validated")
            compose(components(first: passedLists))
            task?.advance()
        } else if recomposes {
            task?.advance()
        }
        // As is: the smallest validated list, or the composition when smaller.
        // With the backup: that, when it beats -Oz; else -Oz.
        var asIs = [passed, validatedBefore].compactMap { $0 }.min { $0.size < $1.size }
        var chosen = asIs.flatMap { $0.size < oz ? $0 : nil }
        var applied: FunctionComposition?
        if let composition, composition.size < (chosen?.size ?? oz) {
            applied = composition.applied
            let base = composition.applied.base
            chosen = (base, base.text, composition.size, composition.length)
            if asIs.map({ composition.size < $0.size }) ?? true { asIs = chosen }
        }
        // A composition not made (fewer than two validated lists) is spent all the same.
        if composes, !composedHere { task?.advance() }
        let size = chosen?.size ?? oz
        let result = TuneResult(
            input: name, provenance: Provenance(measurementProtocol, llvmVersion: PassCatalog.llvmVersion),
            pipeline: chosen?.pipeline ?? ozPipeline,
            edits: chosen.flatMap { editNames[$0.pipeline] },
            unoptimizedBinarySize: unoptimized, ozBinarySize: oz, binarySize: size,
            reductionVsOz: SizeReduction.percent(size, vs: oz),
            predictedBinarySize: predicted?.size,
            predictedReductionVsOz: predicted.map { SizeReduction.percent($0.size, vs: oz) },
            asIsBinarySize: asIs?.size, asIsReductionVsOz: asIs.map { SizeReduction.percent($0.size, vs: oz) },
            perFunction: applied, usedOzBackup: chosen == nil, validated: true, compilations: compilations,
            refinedCompilations: refined, validations: validations, validationSeconds: validationSeconds,
            seconds: Date().timeIntervalSince(started), predictor: predictor.name,
            modelFallback: prediction.rejection?.kind, modelFallbackDetail: prediction.rejection?.description,
            modelSeconds: predictor is ServedModelPredictor ? prediction.seconds : nil,
            modelListBinarySize: predictor is ServedModelPredictor ? evaluated.first?.size : nil,
            modelStatedUnoptimizedBinarySize: prediction.statedUnoptimizedBinarySize,
            modelStatedBinarySize: prediction.statedBinarySize)
        return (result, applied == nil ? objective.artifact(of: result.pipeline) : nil)
    }
}

extension FlagTuner {
    /// How a tuner spends its budget of compilations on a module.
    public enum Strategy: String, Codable, Sendable {
        /// PassLab's tuner: the predictor's first picks (`poolPicks`), then a
        /// coreset-guided search seeded with them for the rest.
        case picksThenSearch = "picks-then-search"
        /// Only the predictor's proposals, at most the budget (a fixed list,
        /// a coreset): nothing else is compiled.
        case proposalsOnly = "proposals-only"
        /// The paper's random search for the whole budget (lengths 1-50,
        /// passes uniform over the catalog); the predictor is not asked.
        /// Budget 1 is one random list.
        case randomSearch = "random-search"
    }
}

extension FlagTuner {
    /// Whether a tune with `budget` compilations of the IR file at `path` is
    /// faster with one worker than with one per core: at budget 1 (-Oz and
    /// the pick) on at most 30 KB of IR text or 8 KB of bitcode, where a
    /// second worker's start costs more than compiling the two side by side
    /// saves. `passlab tune` then starts one (unless `--jobs` is given). On
    /// the 69 held-out units of at most 80 KB (2026-12-07, 2 cores, one and
    /// two workers alternating, the same sizes) one worker took 0.89 of the
    /// time of two below 10 KB, 0.92 at 10-20 KB, 0.96 at 20-30 KB and
    /// 1.03-1.09 above. A C or C++ file's IR is made after the workers
    /// start, so its size is not known in time: false.
    public static func oneWorkerSuffices(for path: String, budget: Int) -> Bool {
        guard budget == 1, let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        else { return false }
        switch (path as NSString).pathExtension.lowercased() {
        case "ll": return size <= 30_000
        case "bc": return size <= 8_000
        default: return false
        }
    }
}
