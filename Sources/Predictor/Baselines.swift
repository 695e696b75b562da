import Foundation
import Pipelines

/// The baselines a flag tuner must beat at a budget (`passlab bench
/// tuning`), learned from the same training matrix as the embedded
/// predictor: `PredictorModel.lists` and, per training program, the gain
/// `ln(-Oz size / size)` of each list (nil: it failed there). Neither looks
/// at the module being tuned, so what PassLab's tuner gains over them is
/// what its features and search are worth.
///
/// A list's value on a training program counts the -Oz backup, `max(0,
/// gain)` (a failed list is worth 0), so the mean value is the log of the
/// geomean size ratio vs -Oz with the backup. Only edit actions and lists
/// made of current catalog passes are eligible (the tuner could not compile
/// the others).
public enum Baselines {
    /// Pool indices the tuner can compile.
    static func eligibleLists(of model: PredictorModel) -> [Int] {
        let known = Set(PassCatalog.entries.map(\.pipeline))
        return model.lists.indices.filter {
            model.lists[$0].edits != nil || model.lists[$0].passes.allSatisfy(known.contains)
        }
    }

    /// Eligible pool indices in greedy coreset order: each is the list that
    /// adds most to the mean over training programs of `max(0, best gain
    /// among the lists chosen so far)`; ties go to the higher mean raw gain
    /// (failures counted as -1), then to the earlier list. Greedy order is a
    /// prefix order: the coreset of K lists is the first K. The first list is
    /// the best single fixed list. At most `limit` lists.
    public static func greedyCoresetOrder(of model: PredictorModel, limit: Int = .max) -> [Int] {
        var remaining = eligibleLists(of: model)
        var covered = [Double](repeating: 0, count: model.programs.count)
        var order: [Int] = []
        let count = Double(max(1, model.programs.count))
        while !remaining.isEmpty && order.count < limit {
            var best: (position: Int, added: Double, mean: Double)?
            for (position, list) in remaining.enumerated() {
                var added = 0.0, mean = 0.0
                for (program, row) in model.programs.enumerated() {
                    let gain = row.gains[list]
                    added += max(0, (gain ?? 0) - covered[program])
                    mean += gain ?? -1
                }
                added /= count
                mean /= count
                if let current = best,
                    added < current.added - 1e-12
                        || (abs(added - current.added) <= 1e-12 && mean <= current.mean)
                {
                    continue
                }
                best = (position, added, mean)
            }
            let list = remaining.remove(at: best!.position)
            order.append(list)
            for (program, row) in model.programs.enumerated() {
                covered[program] = max(covered[program], row.gains[list] ?? 0)
            }
        }
        return order
    }
}

/// Baseline: the single pool list with the best geomean gain with the -Oz
/// backup over the training programs, proposed for every module. One list,
/// whatever the budget (run it with `FlagTuner.Strategy.proposalsOnly`).
public struct FixedListPredictor: PassListPredictor {
    /// The list proposed for every module; nil when the model has no eligible list.
    public let list: PredictorModel.PoolList?
    /// How reports name it (`fixed-list` by default).
    public let name: String
    /// The model's `editBase`, so that an edit action compiles.
    public let editBase: Pipeline?
    let proposal: Prediction.Proposal?

    /// The first list of `Baselines.greedyCoresetOrder(of:limit:)` for `model`; throws when it is an edit that does not
    /// apply to the model's base.
    public init(model: PredictorModel, name: String = "fixed-list") throws {
        list = Baselines.greedyCoresetOrder(of: model, limit: 1).first.map { model.lists[$0] }
        proposal = try list.map(model.proposal(for:))
        editBase = model.editBase
        self.name = name
    }

    /// 1, or 0 without a list.
    public var maximumProposals: Int { list == nil ? 0 : 1 }

    /// The list, whatever the module (nothing when `count < 1`).
    public func predict(_ request: PredictionRequest, count: Int) throws -> Prediction {
        Prediction(proposals: count < 1 ? [] : proposal.map { [$0] } ?? [])
    }
}

/// Baseline: the greedy coreset of K pool lists (see
/// `Baselines.greedyCoresetOrder`), the same K for every module: at budget
/// K it compiles exactly these (run it with `.proposalsOnly`; a pool smaller
/// than K is compiled whole).
public struct GreedyCoresetPredictor: PassListPredictor {
    /// The coreset in greedy order, at most `limit` lists.
    public let lists: [PredictorModel.PoolList]
    /// How reports name it (`greedy-coreset` by default).
    public let name: String
    /// The model's `editBase`, so that edit actions compile.
    public let editBase: Pipeline?
    let proposals: [Prediction.Proposal]

    /// `limit`: the largest budget it will be asked for (the order is greedy, so smaller budgets take a prefix).
    public init(model: PredictorModel, limit: Int = .max, name: String = "greedy-coreset") throws {
        lists = Baselines.greedyCoresetOrder(of: model, limit: limit).map { model.lists[$0] }
        proposals = try lists.map(model.proposal(for:))
        editBase = model.editBase
        self.name = name
    }

    /// The coreset's size.
    public var maximumProposals: Int { lists.count }

    /// The coreset's first `count` lists, whatever the module.
    public func predict(_ request: PredictionRequest, count: Int) throws -> Prediction {
        Prediction(proposals: Array(proposals.prefix(max(0, count))))
    }
}

/// Baseline: proposes nothing; with `FlagTuner.Strategy.randomSearch` the
/// tuner spends the whole budget on the paper's random search, and its
/// winner is validated and backed up by -Oz like any other.
public struct NoProposalPredictor: PassListPredictor {
    /// How reports name it (`random-search` by default).
    public let name: String

    /// A predictor named `name` that never proposes a list.
    public init(name: String = "random-search") {
        self.name = name
    }

    /// 0: it never proposes.
    public var maximumProposals: Int { 0 }

    /// No proposals, whatever the module and `count`.
    public func predict(_ request: PredictionRequest, count: Int) throws -> Prediction {
        Prediction(proposals: [])
    }
}
