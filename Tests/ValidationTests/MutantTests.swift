import CodeSize
import Foundation
import Testing
import TestSupport
import Toolchain
import Validation

/// The validator catches miscompilations: the optimized IR of each
/// HumanEval-X program is mutated (one operator at one site of the
/// solution's own code) through the test-only hook, and the mutant must fail
/// validation. Half the programs are mutated per round, the other half run
/// unmutated through the same llc-19 path as controls (they must pass, so
/// that a broken lowering cannot pass for detection).
@Suite(.serialized) struct MutantTests {
    /// Records, per program, the mutation applied (hook calls run in parallel).
    final class MutationLog: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String: String] = [:]
        func record(_ program: String, _ description: String) {
            lock.lock(); entries[program] = description; lock.unlock()
        }
        var all: [String: String] { lock.lock(); defer { lock.unlock() }; return entries }
    }

    @Test func atLeast95PercentOfMutantsAreCaught() throws {
        let toolchain = try Toolchain.find()
        let engine = try ValidationFixtures.engine()
        var valid = 0, caught = 0, invalid = 0, controls = 0
        var missed: [String] = []
        var perOperator: [String: (valid: Int, caught: Int)] = [:]
        for round in 0..<2 {
            let log = MutationLog()
            let hook: @Sendable (String, String) -> String? = { program, ir in
                let number = Int(program.split(separator: "/").last ?? "") ?? 0
                guard number % 2 == round else { return nil }
                let operators = IRMutator.Operator.allCases
                for attempt in 0..<operators.count {
                    let op = operators[(number / 2 + attempt) % operators.count]
                    if let mutation = IRMutator.mutate(ir, with: op, choice: number * 7919), mutation.mutatedIR != ir {
                        log.record(
                            program,
                            "\(op.rawValue) in \(mutation.function): '\(mutation.before.trimmingCharacters(in: .whitespaces))' -> '\(mutation.after.trimmingCharacters(in: .whitespaces))'"
                        )
                        return mutation.mutatedIR
                    }
                }
                return nil
            }
            let validator = PassListValidator(
                engine: engine, toolchain: toolchain,
                configuration: ValidationConfiguration(humanEvalPath: Fixtures.humanEval, mutateOptimizedIR: hook))
            let report = try validator.validate(pipeline: "module(default<Oz>)", measurementProtocol: .shipping)
            #expect(!report.cached, "hooked verdicts are never cached")
            let mutations = log.all
            for result in report.results {
                guard let mutation = mutations[result.program] else {
                    if Int(result.program.split(separator: "/").last ?? "")! % 2 != round { controls += 1 }
                    #expect(
                        result.outcome == .passed,
                        "unmutated \(result.program) must pass through the llc path: \(result.detail)")
                    continue
                }
                let op = String(mutation.prefix { $0 != " " })
                if result.outcome == .compileFailed { invalid += 1; continue }
                valid += 1
                perOperator[op, default: (0, 0)].valid += 1
                if result.outcome != .passed {
                    caught += 1
                    perOperator[op, default: (0, 0)].caught += 1
                } else {
                    missed.append("\(result.program): \(mutation)")
                }
            }
        }
        let rate = valid == 0 ? 0 : 100 * Double(caught) / Double(valid)
        print(
            "mutants: \(caught)/\(valid) caught (\(String(format: "%.1f", rate))%), \(invalid) invalid (did not compile), \(controls) unmutated controls passed"
        )
        for (op, counts) in perOperator.sorted(by: { $0.key < $1.key }) {
            print("  \(op): \(counts.caught)/\(counts.valid)")
        }
        for line in missed { print("  missed \(line)") }
        #expect(valid >= 100, "a sample of at least 100 valid mutants")
        #expect(rate >= 95, "mutant detection rate \(rate)% < 95%")
    }
}
