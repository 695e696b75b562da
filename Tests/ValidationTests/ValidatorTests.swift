import CodeSize
import Engine
import Foundation
import Store
import Testing
import TestSupport
import Toolchain
import Validation

/// PassListEval end to end: real engine, clang-19, sandboxed runs. Serialized:
/// each test already uses every core.
@Suite(.serialized) struct ValidatorTests {
    @Test func ozPassesAllOfHumanEvalAndTheVerdictIsCached() throws {
        let directory = Fixtures.temporaryDirectory("validate-oz")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ResultStore(path: directory + "/results.sqlite")
        let validator = PassListValidator(
            engine: try ValidationFixtures.engine(), toolchain: try Toolchain.find(),
            configuration: ValidationConfiguration(humanEvalPath: Fixtures.humanEval), store: store)
        let report = try validator.validate(pipeline: "module(default<Oz>)", measurementProtocol: .shipping)
        print(
            "module(default<Oz>) on \(report.programs) HumanEval-X programs: \(report.passed ? "passed" : "FAILED") in \(String(format: "%.1f", report.seconds)) s"
        )
        #expect(report.programs == 164)
        #expect(report.passed, "\(report.failures)")
        #expect(report.counts == ["passed": 164])
        #expect(!report.cached)
        #expect(report.suite.hasPrefix("humaneval-x@dcf2e280a1e9"))
        #expect(report.measurementProtocol == MeasurementProtocol.shipping.storeKey)

        let again = try validator.validate(pipeline: "module(default<Oz>)", measurementProtocol: .shipping)
        #expect(again.cached, "the second validation is read from the store")
        #expect(again.results == report.results && again.seconds == report.seconds)
        let stored = try store.verdicts()
        #expect(stored.count == 1)
        #expect(stored.first?.llvmVersion == PassListValidator.llvmVersion && stored.first?.suite == report.suite)
        // Another protocol is another verdict.
        let reopened = PassListValidator(
            engine: try ValidationFixtures.engine(), toolchain: try Toolchain.find(),
            configuration: ValidationConfiguration(humanEvalPath: Fixtures.humanEval),
            store: try ResultStore(path: store.path))
        #expect(try reopened.validate(pipeline: "module(default<Oz>)", measurementProtocol: .shipping).cached)
    }

    /// `module(iroutliner),module(attributor)` miscompiles: on these problems
    /// it loops forever, segfaults or fails an assertion. (CPP/154 used to
    /// fail to link: the list leaves a call to libstdc++'s always_inline
    /// `_M_use_local_data`; the shipping protocol's always-inliner, which
    /// clang runs at every level, now inlines it as clang would.)
    @Test func aMiscompilingListFailsWithTheRightOutcomes() throws {
        let directory = Fixtures.temporaryDirectory("validate-bad")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let expected: [String: ProgramOutcome] = [
            "CPP/20": .timedOut, "CPP/21": .crashed, "CPP/96": .testFailed, "CPP/154": .passed,
        ]
        let suite = try ValidationFixtures.subset(Set(expected.keys).union(["CPP/2"]), in: directory)
        let validator = PassListValidator(
            engine: try ValidationFixtures.engine(), toolchain: try Toolchain.find(),
            configuration: ValidationConfiguration(humanEvalPath: suite))
        let report = try validator.validate(
            pipeline: "module(iroutliner),module(attributor)", measurementProtocol: .shipping)
        #expect(!report.passed)
        #expect(report.programs == 5)
        let outcomes = Dictionary(uniqueKeysWithValues: report.results.map { ($0.program, $0.outcome) })
        for (program, outcome) in expected {
            #expect(outcomes[program] == outcome, "\(program): \(report.results.first { $0.program == program }!)")
        }
        #expect(report.failures.first { $0.program == "CPP/96" }?.detail.contains("Assertion") == true)
        // A list with no inliner links and passes there too.
        #expect(try validator.validate(pipeline: "function(simplifycfg)", measurementProtocol: .shipping).passed)
        #expect(report.failures.first { $0.program == "CPP/21" }?.detail.contains("SIGSEGV") == true)
        // The same programs under -Oz pass: the failures are the list's.
        let oz = try validator.validate(pipeline: "module(default<Oz>)", measurementProtocol: .shipping)
        #expect(oz.passed)
        // A pass with nothing left to do gives the same objects: their
        // outcomes are reused, not linked and run again.
        let reusedBefore = validator.reusedOutcomes
        let same = try validator.validate(
            pipeline: "module(default<Oz>),function(lower-expect)", measurementProtocol: .shipping)
        #expect(same.passed && same.results.map(\.outcome) == oz.results.map(\.outcome))
        #expect(validator.reusedOutcomes - reusedBefore == 5, "identical objects are linked and run once")
    }

    @Test func csmithProgramsMatchTheirO0Builds() throws {
        let directory = Fixtures.temporaryDirectory("validate-csmith")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = ValidationConfiguration(humanEvalPath: nil, csmithCount: 4, cacheRoot: directory + "/cache")
        let validator = PassListValidator(
            engine: try ValidationFixtures.engine(), toolchain: try Toolchain.find(), configuration: configuration)
        let report = try validator.validate(pipeline: "module(default<Oz>)", measurementProtocol: .paper)
        print(
            "csmith: \(report.programs) programs run, \(report.excluded.count) excluded, \(report.passed ? "passed" : "FAILED") in \(String(format: "%.1f", report.seconds)) s"
        )
        #expect(report.suite.hasPrefix("csmith-") && report.suite.hasSuffix(":4"))
        #expect(report.programs + report.excluded.count == 4)
        #expect(report.programs >= 1, "csmith seeds 1-4 must give at least one terminating program: \(report.excluded)")
        #expect(report.passed, "\(report.failures)")
        // Fixed seeds: the same programs are generated (and read back) again.
        let generated = try FileManager.default.contentsOfDirectory(atPath: directory + "/cache/validation").filter {
            !$0.hasPrefix(".")
        }.flatMap {
            try FileManager.default.contentsOfDirectory(atPath: directory + "/cache/validation/" + $0)
        }
        #expect(Set(generated.filter { $0.hasSuffix(".c") }) == ["seed-1.c", "seed-2.c", "seed-3.c", "seed-4.c"])
        #expect(
            !FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/platform.info"),
            "csmith runs outside the working directory (it writes platform.info)")
    }

    @Test func badInputIsAUsageError() throws {
        let validator = PassListValidator(
            engine: try ValidationFixtures.engine(jobs: 1), toolchain: try Toolchain.find(),
            configuration: ValidationConfiguration(humanEvalPath: Fixtures.humanEval))
        #expect(throws: PassListEvalError.self) {
            try validator.validate(pipeline: "function(instcombin)", measurementProtocol: .shipping)
        }
        #expect(throws: PassListEvalError.self) {
            try validator.validate(
                pipeline: "module(default<Oz>)",
                measurementProtocol: MeasurementProtocol(.shipping, triple: "thumbv7em-none-eabi"))
        }
    }
}

/// csmith writes platform.info into its working directory, and two csmith processes sharing one failed now and then
/// (exit 255): each runs in a scratch directory of its own, and the program cache holds only the programs.
@Suite struct CsmithGenerationTests {
    @Test func seedsGeneratedInParallelShareNoWorkingDirectory() throws {
        let directory = Fixtures.temporaryDirectory("csmith-generation")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let programs = try CsmithSuite.programs(count: 6, directory: directory)
        #expect(programs.map(\.name) == (1...6).map { "csmith/\($0)" })
        #expect(programs.allSatisfy { $0.source.contains("main") })
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files == (1...6).map { "seed-\($0).c" }.sorted(), "\(files)")
        // Generated again, the same programs come from the cache.
        #expect(try CsmithSuite.programs(count: 6, directory: directory).map(\.source) == programs.map(\.source))
    }
}
