import CodeSize
import Foundation
import LLVMBridge
import Pipelines
import Search
import Support

/// The embedded flag-tuning predictor: what PassLab learned from autotuning
/// its development corpus, small enough to ship in the repository.
///
/// It holds a pool of pass lists (the autotuner's minimized best lists of
/// the training programs) and, for every training program, its IR features
/// and the gain of every pool list on it, `ln(-Oz size / size)` (nil: the
/// list failed there). For a new program it finds the training programs
/// nearest in feature space and picks lists greedily so that together they
/// do best on those neighbours, counting the -Oz backup: a list's value on a
/// neighbour is `max(0, gain)`, and each further pick is the one that adds
/// most to the best gain already covered. So the first list is the best
/// single bet and the next ones are chosen to cover what it misses, not to
/// repeat it. Budget 1 is zero-shot; budget K compiles the first K picks.
public struct PredictorModel: Codable, Sendable {
    /// The format this PassLab writes: 2 keeps each training program's
    /// features and gains as one string (`NumberRow`); the shipped models
    /// load in 0.06-0.15 of the time format 1's arrays of numbers took
    /// (`passlab bench predictor-load`).
    public static let formatVersion = 2
    /// The formats `load` reads: 1 (rows as arrays) and 2.
    public static let readableFormatVersions = 1...2

    /// The file's format version (one of `readableFormatVersions` to load).
    public var formatVersion: Int
    /// `ProtocolName` raw value the gains were measured under.
    public var protocolName: String
    /// `MeasurementProtocol.storeKey` of that protocol.
    public var protocolKey: String
    /// LLVM version of the catalog the lists are made of.
    public var llvmVersion: String
    /// The pipeline edit actions change (clang-19's -Oz under shipping);
    /// nil when the pool has catalog lists only.
    public var editBase: Pipeline?
    /// How it was made (corpus, code bases, budgets, command).
    public var provenance: String
    /// `IRFeatures.names` at training time, in feature order; `load` refuses a model whose names differ from this
    /// PassLab's.
    public var featureNames: [String]
    /// Per transformed feature (`log1p(count)`): mean and scale over the
    /// training programs, to standardize.
    public var featureMean: [Double]
    /// Standard deviation per transformed feature over the training programs (1 where it does not vary).
    public var featureScale: [Double]
    /// Nearest training programs consulted (0: all of them, each by inverse distance).
    public var neighbours: Int
    /// Weight of all training programs together, added to the neighbours'
    /// (which sum to 1): a prior that keeps rarely-near lists in play.
    public var priorWeight: Double
    /// How the first pick (budget 1, zero-shot) weighs the training
    /// programs, when cross-validation at budget 1 chose otherwise than for
    /// the ranking as a whole (nil: as `neighbours` and `priorWeight`).
    public var firstPick: Weighting? = nil
    /// The pool: every list the model can propose, in the order of `TrainingProgram.gains`.
    public var lists: [PoolList]
    /// The training programs the neighbours and the prior are drawn from.
    public var programs: [TrainingProgram]
    /// Leave-one-code-base-out estimates made while training.
    public var crossValidation: [CrossValidationPoint]
    /// Pool list indices in the order that serves per-function composition
    /// best (`CompositionTraining`), learned from a function-level matrix;
    /// nil when the model was trained without one.
    public var compositionOrder: [Int]? = nil
    /// Leave-one-code-base-out estimates of composing the order's first
    /// lists (`CompositionTraining.crossValidate`; the oracle composes every list).
    public var compositionCrossValidation: [CrossValidationPoint]? = nil

    /// Nearest training programs consulted and the prior's weight: how a
    /// program's picks weigh the training programs.
    public struct Weighting: Codable, Sendable, Hashable {
        /// Nearest training programs consulted (0: all of them, each by inverse distance).
        public var neighbours: Int
        /// Weight of all training programs together, added to the neighbours' (which sum to 1).
        public var priorWeight: Double
        /// A weighting as given.
        public init(neighbours: Int, priorWeight: Double) {
            self.neighbours = neighbours
            self.priorWeight = priorWeight
        }

        /// A prior so heavy that the neighbours do not count: the greedy coreset of all training programs.
        var weighsEveryProgramTheSame: Bool { priorWeight >= 1_000 }

        /// How `summary` names it.
        var description: String {
            weighsEveryProgramTheSame
                ? "every training program weighs the same"
                : "neighbours \(neighbours == 0 ? "all" : String(neighbours)), prior weight \(priorWeight)"
        }
    }

    /// The ranking's weighting (`neighbours`, `priorWeight`, which the file format keeps at the top level).
    public var ranking: Weighting {
        get { Weighting(neighbours: neighbours, priorWeight: priorWeight) }
        set {
            neighbours = newValue.neighbours
            priorWeight = newValue.priorWeight
        }
    }

    /// One list of the pool: catalog passes, or edits of `editBase`.
    public struct PoolList: Codable, Sendable, Hashable {
        /// Catalog entries (`CatalogEntry.pipeline`), in order; empty for
        /// an edit of the -Oz base.
        public var passes: [String]
        /// Set for an action of the edit space: the model's `editBase`
        /// (clang's -Oz) with these edits (`PipelineEdit`).
        public var edits: [PipelineEdit]?
        /// True when the list passed PassListEval under the protocol at training time.
        public var validated: Bool
        /// A pool list as given; non-nil `edits` make it an edit action (whose `passes` are then empty).
        public init(passes: [String], edits: [PipelineEdit]? = nil, validated: Bool) {
            self.passes = passes
            self.edits = edits
            self.validated = validated
        }

        /// The pool list of `action`.
        public init(_ action: PassAction, validated: Bool) {
            switch action {
            case .passes(let passes): self.init(passes: passes, validated: validated)
            case .edits(let edits): self.init(passes: [], edits: edits, validated: validated)
            }
        }

        /// The list as a `PassAction`: `.edits` when `edits` is set, else `.passes`.
        public var action: PassAction { edits.map { .edits($0) } ?? .passes(passes) }
    }

    /// One training program as the model keeps it: code base, standardized
    /// features and gains. The file keeps `features` and `gains` as
    /// `NumberRow`s (format 2) and reads format 1's arrays too.
    public struct TrainingProgram: Codable, Sendable {
        /// Its name at training time: the input path, or a matrix example's `codeBase/unit.ll`.
        public var name: String
        /// Its code base (parent directory): cross-validation leaves a code base out together.
        public var codeBase: String
        /// Standardized transformed features.
        public var features: [Double]
        /// `ln(oz / size)` per pool list, rounded; nil where the list failed.
        public var gains: [Double?]
        /// A training program as given: `features` standardized, `gains` in pool order.
        public init(name: String, codeBase: String, features: [Double], gains: [Double?]) {
            self.name = name
            self.codeBase = codeBase
            self.features = features
            self.gains = gains
        }

        enum CodingKeys: String, CodingKey {
            case name, codeBase, features, gains
        }

        /// Reads a program of either format: rows as strings (2) or arrays (1).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            codeBase = try container.decode(String.self, forKey: .codeBase)
            let features = try Self.row(container, .features, of: name)
            guard features.allSatisfy({ $0 != nil }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .features, in: container, debugDescription: "program \(name) lacks a feature value")
            }
            self.features = features.map { $0! }
            gains = try Self.row(container, .gains, of: name)
        }

        /// Writes format 2: `features` and `gains` as `NumberRow`s.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(codeBase, forKey: .codeBase)
            try container.encode(NumberRow.encode(features), forKey: .features)
            try container.encode(NumberRow.encode(gains), forKey: .gains)
        }

        private static func row(
            _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, of name: String
        ) throws -> [Double?] {
            guard let text = try? container.decode(String.self, forKey: key) else {
                return try container.decode([Double?].self, forKey: key)
            }
            guard let row = NumberRow.decode(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container,
                    debugDescription: "program \(name)'s \(key.stringValue) is not numbers and x separated by spaces")
            }
            return row
        }
    }

    /// One budget's leave-one-code-base-out estimate, as `summary` prints it.
    public struct CrossValidationPoint: Codable, Sendable {
        /// Lists per program: the first picks compiled (`crossValidation`), or the composition order's first lists
        /// composed (`compositionCrossValidation`).
        public var budget: Int
        /// Geomean reduction vs -Oz with the -Oz backup, percent, over
        /// programs whose code base was left out of training.
        public var geomeanReductionVsOzWithBackup: Double
        /// The best any `budget` pool lists could do (oracle choice).
        public var oracleReductionVsOz: Double
    }

    /// What `load`, `bundled` and `bundledPath` throw for a missing, unreadable or incompatible model.
    public typealias LoadError = PredictorDataError

    /// The model shipped with PassLab for `protocolName`.
    /// Its edit actions are applied to the -Oz base when they are proposed,
    /// not all of them at each load as `load(path:)` checks a file (two
    /// thirds of the shipping model's load, paid by every `tune` and every
    /// compile of `passlab cc`): the file ships with this PassLab, and its
    /// tests load it with every check.
    public static func bundled(_ protocolName: ProtocolName) throws -> PredictorModel {
        try load(path: bundledPath(protocolName), appliesEdits: false)
    }

    /// The predictor file at `path` (`--predictor-file`), or when it is nil the model shipped for `protocolName`.
    public static func load(path: String?, orBundled protocolName: ProtocolName) throws -> PredictorModel {
        try path.map { try load(path: $0) } ?? bundled(protocolName)
    }

    /// Where the model shipped for `protocolName` is (to read it, or to tell
    /// one version from another by its bytes).
    public static func bundledPath(_ protocolName: ProtocolName) throws -> String {
        let name = "predictor-\(protocolName.rawValue)"
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources") else {
            throw LoadError.unreadable(
                what: "predictor", path: "\(name).json", reason: "not in PassLab's resources (a broken installation?)")
        }
        return url.path
    }

    /// Reads and checks a model file; `appliesEdits`: the check applies
    /// every edit action to its base (see `bundled`).
    public static func load(path: String, appliesEdits: Bool = true) throws -> PredictorModel {
        let model: PredictorModel
        do {
            model = try JSONDecoder().decode(PredictorModel.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw LoadError.unreadable(what: "predictor", path: path, reason: "\(error)")
        }
        try model.check(path: path, appliesEdits: appliesEdits)
        return model
    }

    func check(path: String, appliesEdits: Bool) throws {
        guard Self.readableFormatVersions.contains(formatVersion) else {
            throw LoadError.incompatible(
                what: "predictor", path: path,
                reason:
                    "format version \(formatVersion), this PassLab reads \(Self.readableFormatVersions.lowerBound) to \(Self.readableFormatVersions.upperBound)"
            )
        }
        guard featureNames == IRFeatures.names else {
            throw LoadError.incompatible(
                what: "predictor", path: path, reason: "its features differ from this PassLab's")
        }
        guard llvmVersion == PassCatalog.llvmVersion else {
            throw LoadError.incompatible(
                what: "predictor", path: path,
                reason: "made for LLVM \(llvmVersion), the catalog is LLVM \(PassCatalog.llvmVersion)")
        }
        // A pass the catalog has excluded since training (select-optimize)
        // retires its lists (see `usableLists`); any other is a mismatch.
        let known = Set(PassCatalog.entries.map(\.pipeline)), retired = Set(PassCatalog.excluded.map(\.name))
        let isUnknown = { (pass: String) in !known.contains(pass) && !retired.contains(Self.passName(pass)) }
        if let unknown = lists.lazy.flatMap(\.passes).first(where: isUnknown) {
            throw LoadError.incompatible(what: "predictor", path: path, reason: "pass \(unknown) is not in the catalog")
        }
        for list in lists where appliesEdits && list.edits != nil {
            do {
                _ = try pipeline(of: list)
            } catch {
                throw LoadError.incompatible(
                    what: "predictor", path: path, reason: "an edit action does not apply to its base: \(error)")
            }
        }
        guard programs.allSatisfy({ $0.features.count == featureNames.count && $0.gains.count == lists.count }) else {
            throw LoadError.incompatible(
                what: "predictor", path: path,
                reason: "a training program's rows do not match the feature and list counts")
        }
        if let order = compositionOrder, !order.allSatisfy(lists.indices.contains) || Set(order).count != order.count {
            throw LoadError.incompatible(
                what: "predictor", path: path, reason: "its composition order names lists it does not have")
        }
    }

    /// `log1p` of each count: sizes span orders of magnitude.
    public static func transform(_ features: IRFeatures) -> [Double] {
        features.counts.map { Foundation.log1p(max(0, $0)) }
    }

    /// Standardized transformed features of a new program.
    public func standardized(_ features: IRFeatures) -> [Double] {
        zip(Self.transform(features), zip(featureMean, featureScale)).map { value, stats in (value - stats.0) / stats.1
        }
    }

    /// Training-program weights for a program with standardized features
    /// `x`: inverse-distance over the `neighbours` nearest, summing to 1,
    /// plus `priorWeight / n` each (the ranking's weighting unless one is
    /// given). `excluding` drops programs (cross-validation).
    func weights(
        for x: [Double], excluding: (Int) -> Bool = { _ in false }, weighting: Weighting? = nil
    ) -> [Double] {
        let weighting = weighting ?? ranking
        let candidates = programs.indices.filter { !excluding($0) }
        var weights = [Double](repeating: 0, count: programs.count)
        guard !candidates.isEmpty else { return weights }
        var distances: [(index: Int, distance: Double)] = candidates.map { index in
            var sum = 0.0
            for (a, b) in zip(programs[index].features, x) { sum += (a - b) * (a - b) }
            return (index, sum.squareRoot())
        }
        distances.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.index < $1.index }
        let nearest = weighting.neighbours > 0 ? Array(distances.prefix(weighting.neighbours)) : distances
        let raw: [Double] = nearest.map { 1 / ($0.distance + 0.5) }
        let total = raw.reduce(0, +)
        for ((index, _), weight) in zip(nearest, raw) { weights[index] += weight / total }
        for index in candidates { weights[index] += weighting.priorWeight / Double(candidates.count) }
        return weights
    }

    /// The lists to try for standardized features `x`, best bet first, at
    /// most `count`, from `allowed` lists (all by default): the first pick
    /// by `firstPick`'s weighting when there is one, then the ranking's,
    /// each covering what the picks before it already do.
    func picks(
        for x: [Double], count: Int, excluding: (Int) -> Bool = { _ in false }, allowed: [Int]? = nil
    ) -> [Int] {
        var first: [Int] = []
        if let firstPick, count > 0 {
            first = choose(
                count: 1, weights: weights(for: x, excluding: excluding, weighting: firstPick), allowed: allowed)
        }
        return first
            + choose(
                count: count - first.count, weights: weights(for: x, excluding: excluding),
                allowed: (allowed ?? Array(lists.indices)).filter { !first.contains($0) }, covering: first)
    }

    /// Pool list indices to try, best bet first, at most `count`, from
    /// `allowed` lists (all by default), counting what the lists `covering`
    /// already take. See the type's documentation.
    ///
    /// Each step takes the list that adds most to what the chosen lists
    /// cover (ties within 1e-12: the larger weighted mean gain, then the
    /// earlier list). The gains are read from one contiguous table of the
    /// programs with weight, and once no list adds anything (every program
    /// covered) the rest follow in order of their mean gain, which is what
    /// the steps would pick one by one: the same lists, in the same order,
    /// as the plain walk (`PredictorTests` checks it against one), in a
    /// fraction of the time (`tune --budget 100` ranks every pool list).
    func choose(count: Int, weights: [Double], allowed: [Int]? = nil, covering: [Int] = []) -> [Int] {
        var remaining = allowed ?? Array(lists.indices)
        guard count > 0, !remaining.isEmpty else { return [] }
        let active = programs.indices.filter { weights[$0] > 0 }
        let activeWeights = active.map { weights[$0] }
        let width = active.count
        // A failed list counts -1 (as gain, floored at -0.1 in the mean); in what a list
        // covers it counts as 0, and since coverage starts at 0 and only grows, -1 covers alike.
        var table = [Double](repeating: 0, count: remaining.count * width)
        var row = [Int](repeating: -1, count: lists.count)
        var means = [Double](repeating: 0, count: lists.count)
        for (index, list) in remaining.enumerated() {
            row[list] = index * width
            var mean = 0.0
            for (column, program) in active.enumerated() {
                let gain = programs[program].gains[list] ?? -1
                table[index * width + column] = gain
                mean += activeWeights[column] * max(gain, -0.1)
            }
            means[list] = mean
        }
        var covered = active.map { program in covering.map { max(0, programs[program].gains[$0] ?? 0) }.max() ?? 0 }
        var chosen: [Int] = []
        table.withUnsafeBufferPointer { table in
            while chosen.count < count, !remaining.isEmpty {
                var best: (position: Int, gain: Double, mean: Double)?
                var anyAdds = false
                for (position, list) in remaining.enumerated() {
                    let start = row[list]
                    var added = 0.0
                    for column in 0..<width {
                        added += activeWeights[column] * max(0, table[start + column] - covered[column])
                    }
                    if added != 0 { anyAdds = true }
                    let mean = means[list]
                    if best == nil || added > best!.gain + 1e-12
                        || (abs(added - best!.gain) <= 1e-12 && mean > best!.mean)
                    {
                        best = (position, added, mean)
                    }
                }
                let list = remaining.remove(at: best!.position)
                chosen.append(list)
                guard anyAdds else {
                    // Nothing adds now, nor will later (coverage only grows): each step would take the
                    // first list of largest mean gain.
                    let rest = remaining.enumerated().sorted {
                        means[$0.element] != means[$1.element]
                            ? means[$0.element] > means[$1.element] : $0.offset < $1.offset
                    }
                    chosen += rest.prefix(count - chosen.count).map(\.element)
                    break
                }
                let start = row[list]
                for column in 0..<width { covered[column] = max(covered[column], table[start + column]) }
            }
        }
        return chosen
    }

    /// The pipeline of a pool list (edits applied to `editBase`).
    public func pipeline(of list: PoolList) throws -> Pipeline {
        try list.action.pipeline(editBase: editBase)
    }

    /// The lists to try for a program with these features, best bet first.
    public func rankedLists(for features: IRFeatures, count: Int) -> [PoolList] {
        picks(for: standardized(features), count: count, allowed: usableLists).map { lists[$0] }
    }

    /// The lists to try when the tuner composes per function: the ranking's
    /// first (budget 1's pick, so the result is never larger than budget
    /// 1's: the tuner ships the smallest of what it compiled and composed),
    /// then the composition order's first (at most `compositionPicks`), then
    /// the ranking's. Until 2026-12-08 a single list (budget 2: one pick and
    /// the composition) was the composition order's first instead, which
    /// ended larger than budget 1 on 30 of the 98 held-out units.
    public func compositionRankedLists(for features: IRFeatures, count: Int) -> [PoolList] {
        guard let compositionOrder, count > 0 else { return rankedLists(for: features, count: count) }
        let usable = usableLists
        let x = standardized(features)
        let first = picks(for: x, count: 1, allowed: usable)
        let ordered = compositionOrder.filter(Set(usable).subtracting(first).contains)
            .prefix(min(count - first.count, Self.compositionPicks))
        let taken = Set(first + ordered)
        let rest = choose(
            count: count - taken.count, weights: weights(for: x), allowed: usable.filter { !taken.contains($0) })
        return (first + Array(ordered) + rest).map { lists[$0] }
    }

    /// Composition-order lists proposed at most: the estimate flattens after
    /// some ten (`compositionCrossValidation`), and at large budgets the
    /// ranking's lists seed the search better.
    public static let compositionPicks = 9

    /// Lists made only of current catalog passes: a pass excluded after
    /// training is never proposed.
    var usableLists: [Int] {
        let known = Set(PassCatalog.entries.map(\.pipeline))
        return lists.indices.filter { lists[$0].passes.allSatisfy(known.contains) }
    }

    /// `select-optimize` of `function(select-optimize)`.
    static func passName(_ pipeline: String) -> String {
        var text = Substring(pipeline)
        while let open = text.firstIndex(of: "("), text.hasSuffix(")") {
            text = text[text.index(after: open)..<text.index(before: text.endIndex)]
        }
        return String(text.prefix { $0 != "<" })
    }
}

extension PredictorModel {
    /// Pool lists ordered by how much the model uses them: each training
    /// program's first ten picks (from a model without that program), a
    /// pick at rank r counting 1/r.
    public func listsByUse() -> [Int] {
        var use = [Double](repeating: 0, count: lists.count)
        for program in programs.indices {
            let picks = choose(
                count: 10, weights: weights(for: programs[program].features, excluding: { $0 == program }))
            for (rank, list) in picks.enumerated() { use[list] += 1 / Double(rank + 1) }
        }
        return lists.indices.sorted { use[$0] != use[$1] ? use[$0] > use[$1] : $0 < $1 }
    }

    /// The file's bytes: compact JSON, sorted keys (stable diffs), in the
    /// format this PassLab writes (`formatVersion`) whichever it was read
    /// from: every value is kept, only the layout changes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var current = self
        current.formatVersion = Self.formatVersion
        return try encoder.encode(current)
    }

    /// A human-readable description.
    public var summary: String {
        var lines = [
            "predictor for the \(protocolName) protocol (LLVM \(llvmVersion), format \(formatVersion))",
            "  made by: \(provenance)",
            "  \(programs.count) training programs, \(lists.count) pass lists (\(lists.filter(\.validated).count) validated at training time), "
                + "\(featureNames.count) IR features",
            "  \(ranking.description)"
                + (ranking.weighsEveryProgramTheSame
                    ? " (the greedy coreset beat feature-based weights in cross-validation)" : ""),
            firstPick.map { "  first pick (budget 1): \($0.description), as cross-validation at budget 1 chose" }
                ?? "  first pick (budget 1): weighted as the ranking",
            "  pool: \(lists.filter { $0.edits == nil }.count) catalog lists, \(lists.filter { $0.edits != nil }.count) edits of -Oz",
            "  leave-one-code-base-out cross-validation (geomean reduction vs -Oz with backup, every code base weighing the same; best pool list in brackets):",
        ]
        for point in crossValidation {
            lines.append(
                String(
                    format: "    budget %4d: %6.2f%%  [%.2f%%]", point.budget, point.geomeanReductionVsOzWithBackup,
                    point.oracleReductionVsOz))
        }
        if let order = compositionOrder, let points = compositionCrossValidation {
            lines.append(
                "  per-function composition: \(order.count) lists in composition order; estimated from split functions, "
                    + "leave-one-code-base-out (composing every list in brackets):")
            for point in points {
                lines.append(
                    String(
                        format: "    %4d lists: %6.2f%%  [%.2f%%]", point.budget, point.geomeanReductionVsOzWithBackup,
                        point.oracleReductionVsOz))
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// A predictor or training matrix file PassLab cannot use, and why; both
/// are remade by `scripts/train-predictor`.
public enum PredictorDataError: UserFacingError, CustomStringConvertible {
    /// Bad data: the file is unreadable or of another protocol or version.
    public var exitCode: Int32 { 65 }

    /// The file could not be found, read or decoded (`what` names the kind of file, `reason` the error).
    case unreadable(what: String, path: String, reason: String)
    /// The file was read but does not fit this PassLab: another format version, feature set, LLVM version, catalog or
    /// shape.
    case incompatible(what: String, path: String, reason: String)

    /// The message a user sees; an incompatible file's tells how to regenerate it.
    public var description: String {
        switch self {
        case let .unreadable(what, path, reason): "cannot read the \(what) \(path): \(reason)"
        case let .incompatible(what, path, reason):
            "the \(what) \(path) does not fit this PassLab: \(reason); regenerate it with scripts/train-predictor"
        }
    }
}
