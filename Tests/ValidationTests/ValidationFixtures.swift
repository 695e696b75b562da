import Evaluation
import Foundation
import TestSupport
import Toolchain
import Validation

/// Shared set-up of the validator tests: the real engine (the built
/// `passlab worker`), real clang-19, the user's reference cache.
enum ValidationFixtures {
    static func engine(jobs: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> EvaluationEngine {
        try EvaluationEngine(configuration: EngineConfiguration(workerExecutable: Fixtures.passlabExecutable, jobs: jobs))
    }

    /// A HumanEval-X file holding only the given problems (same records,
    /// gzip JSON Lines), so a test can validate a few programs.
    static func subset(_ taskIDs: Set<String>, in directory: String) throws -> String {
        let all = try ProcessRunner.run(ProcessRequest("gzip", ["-dc", Fixtures.humanEval], timeout: 60))
        let lines = all.stdoutText.split(separator: "\n").filter { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return false }
            return taskIDs.contains(object["task_id"] as? String ?? "")
        }
        let plain = "\(directory)/subset.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: plain, atomically: true, encoding: .utf8)
        let zipped = try ProcessRunner.run(ProcessRequest("gzip", ["-n", "-f", plain], timeout: 60))
        precondition(zipped.termination.succeeded, zipped.stderrText)
        return plain + ".gz"
    }
}
