/// What a report's figures depend on besides the predictor, the protocol and the budget: how the tuner was set
/// (`tune`'s, `eval flag-tuning`'s and `bench tuning`'s options). Reports record it, so that one read later says
/// which settings made it.
public struct TunerSettings: Codable, Sendable, Equatable {
    /// Per-function composition at budgets above 1 (`--no-per-function` turns it off).
    public var perFunction: Bool
    /// A search beyond the predictor's picks at budgets above 10 (`--no-search` turns it off).
    public var searches: Bool
    /// Most lists not validated yet that PassListEval runs on per module (`--validation-attempts`).
    public var validationAttempts: Int
    /// Share of the -Oz object a list a search found must save to be validated (`--min-validated-gain`, a percent).
    public var minimumValidatedGain: Double
    /// Base seed of the searches.
    public var seed: UInt64

    /// These settings, as given.
    public init(perFunction: Bool, searches: Bool, validationAttempts: Int, minimumValidatedGain: Double, seed: UInt64)
    {
        self.perFunction = perFunction
        self.searches = searches
        self.validationAttempts = validationAttempts
        self.minimumValidatedGain = minimumValidatedGain
        self.seed = seed
    }

    /// The settings `tuner` has now.
    public init(_ tuner: FlagTuner) {
        self.init(
            perFunction: tuner.perFunction, searches: tuner.searches, validationAttempts: tuner.validationAttempts,
            minimumValidatedGain: tuner.minimumValidatedGain, seed: tuner.seed)
    }

    /// Sets `tuner` so (`TunerSettings(tuner)` then gives these settings back).
    public func apply(to tuner: FlagTuner) {
        tuner.perFunction = perFunction
        tuner.searches = searches
        tuner.validationAttempts = validationAttempts
        tuner.minimumValidatedGain = minimumValidatedGain
        tuner.seed = seed
    }

    /// One line: "per-function composition, search, at most 2 validations per module, ...".
    public var description: String {
        [
            perFunction ? "per-function composition" : "single lists (--no-per-function)",
            searches ? "search" : "no search (--no-search)",
            "at most \(validationAttempts) validations per module",
            minimumValidatedGain > 0
                ? "search lists validated when they save \(String(format: "%g", 100 * minimumValidatedGain))% of -Oz"
                : "any smaller search list validated",
            "seed \(seed)",
        ].joined(separator: ", ")
    }
}
