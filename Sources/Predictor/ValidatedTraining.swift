import CodeSize
import Foundation
import Store
import Validation

/// `passlab predictor train` with PassListEval in the loop: fit, validate
/// the lists the model uses most (and those of its composition order: a
/// composition takes validated lists only), drop the pool lists that
/// failed, fit again, until the lists wanted all have a verdict. Verdicts
/// are remembered in `verdicts` (and kept in the validator's store), so a
/// second training validates nothing already known.
public struct ValidatedTraining {
    /// The protocol the data was measured under: each fit records it and each validation runs under it.
    public let measurementProtocol: MeasurementProtocol
    /// The function-level matrix the composition order is learned from, if any.
    public let composition: CompositionTraining?
    /// Known verdicts by `opt -p` text: read before validating a list, updated after each validation.
    public let verdicts: VerdictLookup
    /// The trainer of each fit (default grids unless changed).
    public var trainer = PredictorTrainer()

    /// A training loop; a nil `composition` fits without a composition order.
    public init(measurementProtocol: MeasurementProtocol, composition: CompositionTraining?, verdicts: VerdictLookup) {
        self.measurementProtocol = measurementProtocol
        self.composition = composition
        self.verdicts = verdicts
    }

    /// One fit of `data`, with the composition order when there is a matrix for it.
    public func fit(_ data: TrainingData, provenance: String) throws -> PredictorModel {
        var model = trainer.fit(
            data, measurementProtocol: measurementProtocol, provenance: provenance, validated: verdicts.verdict)
        if let composition {
            let used = try model.learnCompositionOrder(from: composition)
            model.provenance +=
                "; composition order from \(composition.units.count) units and \(composition.functionCount) functions "
                + "x \(used) of their \(composition.pipelines.count) actions"
        }
        return model
    }

    /// Fits, then validates the `mostUsed` lists the model uses most (all of
    /// them when negative; none when 0 or without a validator), refitting
    /// without the lists that fail. `provenance` describes the data of each
    /// fit; `progress` gets a line per validation.
    public func run(
        _ data: TrainingData, mostUsed: Int, validator: PassListValidator?,
        provenance: (TrainingData) -> String, progress: (String) -> Void
    ) throws -> PredictorModel {
        var data = data
        var model = try fit(data, provenance: provenance(data))
        guard let validator, mostUsed != 0 else { return model }
        var tried = 0
        while true {
            let order = model.listsByUse()
            let used = mostUsed < 0 ? order : Array(order.prefix(mostUsed))
            let wanted = used + (model.compositionOrder ?? []).filter { !used.contains($0) }
            let unknown = try wanted.filter { verdicts.verdict(try model.pipeline(of: model.lists[$0])) == nil }
            if unknown.isEmpty { return model }
            for index in unknown {
                tried += 1
                let pipeline = try model.pipeline(of: model.lists[index])
                let report = try validator.validate(pipeline: pipeline, measurementProtocol: measurementProtocol)
                verdicts.remember(pipeline, passed: report.passed)
                progress("validation \(tried): \(report.passed ? "passed" : "FAILED") \(model.lists[index].action)")
            }
            let failed = Set(data.pool.indices.filter { verdicts.verdict(data.pipelines[$0]) == false })
            data = data.removingPool(failed)
            model = try fit(data, provenance: provenance(data))
        }
    }
}
