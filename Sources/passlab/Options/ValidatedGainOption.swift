import ArgumentParser
import Predictor

/// `--min-validated-gain PERCENT`: how much smaller than everything validated a list a search found must make
/// the result before PassListEval runs on it (`FlagTuner.minimumValidatedGain`). Shared by `tune`, `eval
/// flag-tuning` and `bench tuning`.
struct ValidatedGainOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Validate a list a search found only when it makes the result at least this much smaller (percent of the -Oz object; 0: any byte). Each PassListEval run costs seconds.",
            valueName: "percent"))
    var minValidatedGain: Double = FlagTuner.defaultMinimumValidatedGain * 100

    func validate() throws {
        guard minValidatedGain.isFinite, (0...100).contains(minValidatedGain) else {
            throw ValidationError(
                "--min-validated-gain is a percent of the -Oz object from 0 to 100 (e.g. 0.5, or 0 to validate "
                    + "any smaller list), not \(minValidatedGain)")
        }
    }

    /// The share `FlagTuner.minimumValidatedGain` takes.
    var share: Double { minValidatedGain / 100 }
}
