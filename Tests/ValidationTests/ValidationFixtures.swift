import Engine
import Foundation
import TestSupport
import Toolchain
import Validation

/// Shared set-up of the validator tests: the real engine (the built
/// `passlab worker`), real clang-19, the user's reference cache.
enum ValidationFixtures {
    static func engine(jobs: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> EvaluationEngine {
        try EvaluationEngine(
            configuration: EngineConfiguration(workerExecutable: Fixtures.passlabExecutable, jobs: jobs))
    }

    /// A HumanEval-X file holding only the given problems.
    static func subset(_ taskIDs: Set<String>, in directory: String) throws -> String {
        try Fixtures.humanEvalSubset(taskIDs, in: directory)
    }
}
