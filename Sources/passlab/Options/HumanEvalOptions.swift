import ArgumentParser
import Engine
import Foundation
import Store
import Toolchain
import Validation

/// `--humaneval`, declared once for every command that runs PassListEval,
/// and the ways those commands find the suite and set up a validator.
struct HumanEvalOptions: ParsableArguments {
    @Option(
        help:
            "The HumanEval-X file for PassListEval. Default: $PASSLAB_HUMANEVAL, else data/humaneval-x-cpp/humaneval_cpp.jsonl.gz of the checkout PassLab was built from."
    )
    var humaneval: String?

    /// The suite's path; none found is a usage error, `hint` saying how to go without one.
    func requiredSuite(hint: String? = nil) throws -> String {
        do {
            return try HumanEvalSuite.locate(explicit: humaneval)
        } catch {
            throw MeasureError.usage("\(error)" + (hint.map { " (\($0))" } ?? ""))
        }
    }

    /// The suite that validates new winners: nil with `noValidate`, or (with
    /// a note on standard error) when none is found; a --humaneval that is
    /// not a suite is a usage error.
    func optionalSuite(noValidate: Bool) throws -> String? {
        if noValidate { return nil }
        do {
            return try HumanEvalSuite.locate(explicit: humaneval)
        } catch {
            if humaneval != nil { throw MeasureError.usage("\(error)") }
            FileHandle.standardError.write(
                Data(
                    "passlab: note: no HumanEval-X suite found (\(error)); only lists validated at training time can win\n"
                        .utf8))
            return nil
        }
    }

    /// A validator on `suite` that stops at a list's first failing program:
    /// a winner needs only its verdict.
    static func verdictValidator(
        suite: String, engine: EvaluationEngine, jobs: Int, store: ResultStore?
    ) throws -> PassListValidator {
        PassListValidator(
            engine: engine, toolchain: try Toolchain.find(),
            configuration: ValidationConfiguration(humanEvalPath: suite, jobs: jobs, stopAtFirstFailure: true),
            store: store)
    }
}
