import Foundation
import Pipelines
@testable import Predictor
import Testing
import TestSupport

/// `FlagTuner.minimumValidatedGain` (`--min-validated-gain`): which lists are worth a PassListEval run.
struct ValidatedGainTests {
    static let lists = try! ["function(sroa)", "function(gvn)", "function(dse)", "function(adce)"].map {
        try Pipeline(parsing: $0)
    }

    /// -Oz is 1,000 bytes and the smallest validated result 990: with 0 every smaller list is validated, smallest
    /// first; with 0.5% a list a search found must save 5 bytes, one the predictor proposed still a byte.
    @Test func aSearchListMustSaveTheShareAProposalNeedNot() {
        let (a, b, c, d) = (Self.lists[0], Self.lists[1], Self.lists[2], Self.lists[3])
        let sizes = [(a, 980), (b, 985), (c, 988), (d, 990)].map { (pipeline: $0.0, size: $0.1) }
        func queue(_ share: Double, proposed: Set<Pipeline> = []) -> [Pipeline] {
            FlagTuner.validationQueue(
                smallestFirst: sizes, helpers: [], validatedSize: 990, oz: 1000, proposed: proposed,
                minimumGain: share, helperShare: nil)
        }
        #expect(queue(0) == [a, b, c])
        #expect(queue(0.005) == [a, b])
        #expect(queue(0.011) == [])
        #expect(queue(0.011, proposed: [c]) == [c])
        #expect(queue(1) == [])
    }

    /// Helpers follow the lists smaller alone, most bytes first, when they save at least the larger of the two
    /// shares; a list already queued is not queued again.
    @Test func helpersNeedTheLargerShare() {
        let (a, b, c, d) = (Self.lists[0], Self.lists[1], Self.lists[2], Self.lists[3])
        let sizes = [(a, 985), (b, 995), (c, 1001), (d, 1010)].map { (pipeline: $0.0, size: $0.1) }
        let helpers = [(a, 30), (c, 3), (d, 12), (b, 6)].map { (pipeline: $0.0, saving: $0.1) }
        func queue(_ share: Double, helperShare: Double?) -> [Pipeline] {
            FlagTuner.validationQueue(
                smallestFirst: sizes, helpers: helpers, validatedSize: 990, oz: 1000, proposed: [],
                minimumGain: share, helperShare: helperShare)
        }
        #expect(queue(0, helperShare: 0.0025) == [a, d, b, c])
        #expect(queue(0, helperShare: 0.005) == [a, d, b])
        #expect(queue(0.01, helperShare: 0.0025) == [a, d])
        #expect(queue(0.02, helperShare: 0.0025) == [a])
        #expect(queue(0.04, helperShare: 0.0025) == [])
        #expect(queue(0, helperShare: nil) == [a])
    }
}

/// Reports say how the tuner was set (`TunerSettings`).
struct TunerSettingsTests {
    @Test func theSettingsReadAsTheOptionsThatMadeThem() throws {
        var settings = TunerSettings(
            perFunction: true, searches: true, validationAttempts: 2, minimumValidatedGain: 0, seed: 1)
        #expect(
            settings.description
                == "per-function composition, search, at most 2 validations per module, any smaller search list "
                + "validated, seed 1")
        settings = TunerSettings(
            perFunction: false, searches: false, validationAttempts: 3, minimumValidatedGain: 0.005, seed: 7)
        #expect(
            settings.description
                == "single lists (--no-per-function), no search (--no-search), at most 3 validations per module, "
                + "search lists validated when they save 0.5% of -Oz, seed 7")
        let decoded = try JSONDecoder().decode(TunerSettings.self, from: try JSONEncoder().encode(settings))
        #expect(decoded == settings)
        // Applied to a tuner (as `bench tuning` sets its tuners), the tuner reports them back.
        let (engine, _, _, _) = try FlagTunerAsIsTests.loadedFixture()
        let tuner = try FlagTuner(
            engine: engine, predictor: FlagTunerAsIsTests.Proposals(proposals: []), measurementProtocol: .shipping,
            validator: nil, store: nil)
        #expect(TunerSettings(tuner) != settings)
        settings.apply(to: tuner)
        #expect(TunerSettings(tuner) == settings)
    }
}
