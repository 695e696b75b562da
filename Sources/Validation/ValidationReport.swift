import CodeSize
import Foundation
import Pipelines
import Store
import Support

/// How one test program fared after a pass list. Values, not errors: a
/// miscompiled program is the result PassListEval exists to find.
public enum ProgramOutcome: String, Sendable, Codable, CaseIterable, Hashable {
    /// Same exit status and standard output as the reference build.
    case passed
    /// The reference passes its own tests; the optimized program fails one
    /// (an assertion, or a non-zero exit).
    case testFailed
    /// Different standard output or exit status otherwise.
    case diverged
    /// The optimized program died by a signal; the reference did not.
    case crashed
    /// LLVM failed or crashed on the pass list, or the object did not link.
    case compileFailed
    /// The optimized program passed its wall-clock or CPU limit.
    case timedOut
}

/// One program's outcome, with the detail a user needs to reproduce it.
public struct ProgramResult: Sendable, Codable, Hashable {
    /// "CPP/12", "csmith/7".
    public var program: String
    /// How the program fared.
    public var outcome: ProgramOutcome
    /// Empty when passed; otherwise what happened ("Assertion `...' failed",
    /// "SIGSEGV", "LLVM ERROR: ...", the first differing output line).
    public var detail: String
    /// Wall-clock seconds spent on the program: compilation in the engine, link and run.
    public var seconds: Double
    /// True when the outcome was not linked and run but reused: an object
    /// byte-identical to this one was, under the same reference, clang and
    /// sandbox (see `ObjectOutcomeMemo`).
    public var reused: Bool

    /// A result as given.
    public init(
        program: String, outcome: ProgramOutcome, detail: String = "", seconds: Double = 0,
        reused: Bool = false
    ) {
        self.program = program
        self.outcome = outcome
        self.detail = detail
        self.seconds = seconds
        self.reused = reused
    }

    enum CodingKeys: String, CodingKey {
        case program, outcome, detail, seconds, reused
    }

    /// Results stored before outcomes were reused have no `reused`: they were run.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        program = try container.decode(String.self, forKey: .program)
        outcome = try container.decode(ProgramOutcome.self, forKey: .outcome)
        detail = try container.decode(String.self, forKey: .detail)
        seconds = try container.decode(Double.self, forKey: .seconds)
        reused = try container.decodeIfPresent(Bool.self, forKey: .reused) ?? false
    }
}

/// The verdict on one pass list: it passes only if every program passes.
/// Carries what produced it (house rule 10): protocol, suite, LLVM version.
public struct ValidationReport: Sendable, Codable, Hashable {
    /// The pipeline as validated (JSON holds its canonical text).
    public var pipeline: Pipeline
    /// The protocol's store key ("shipping|O2|pic|x86_64-unknown-linux-gnu|always-inline"),
    /// written as `protocolKey`; the protocol itself is in `provenance`.
    public var measurementProtocol: String
    /// Protocol, codegen level, relocation model, triple, LLVM and PassLab versions.
    public var provenance: Provenance
    /// What was run: "humaneval-x@dcf2e280a1e9+csmith-2.3.0:10" etc.
    public var suite: String
    /// The LLVM version the verdict is keyed by (the catalog's, "19.1.7").
    public var llvmVersion: String
    /// Programs with a result (excluded and skipped ones not counted).
    public var programs: Int
    /// True only when every program of the suite has a result and passed.
    public var passed: Bool
    /// Programs per outcome name.
    public var counts: [String: Int]
    /// Every result that is not `passed`, in suite order.
    public var failures: [ProgramResult]
    /// Every program's result, in suite order.
    public var results: [ProgramResult]
    /// csmith programs whose own -O0 reference did not finish in time or
    /// failed: no verdict is possible on them, so they are not failures.
    public var excluded: [String]
    /// Of `programs`, those whose outcome was reused for a byte-identical
    /// object instead of being linked and run.
    public var reused: Int
    /// True when the validation stopped at its first failure: the report is
    /// partial (the verdict, failed, is final; the failure list is not).
    public var stoppedEarly: Bool
    /// Programs not run, or stopped while running, because the validation
    /// stopped early, in suite order.
    public var skipped: [String]
    /// Wall-clock seconds of the validation (of the original run when cached).
    public var seconds: Double
    /// True when read from the verdict store instead of run.
    public var cached: Bool

    enum CodingKeys: String, CodingKey {
        case pipeline, measurementProtocol = "protocolKey", provenance, suite, llvmVersion, programs, passed, counts,
            failures
        case results, excluded, reused, stoppedEarly, skipped, seconds, cached
    }

    /// A report from `results` (suite order): counts, failures, `passed` and `stoppedEarly` are derived
    /// from them and `skipped`; no result at all is not a pass.
    public init(
        pipeline: Pipeline, measurementProtocol: MeasurementProtocol, suite: String, llvmVersion: String,
        results: [ProgramResult],
        excluded: [String], skipped: [String] = [], seconds: Double, cached: Bool = false
    ) {
        self.pipeline = pipeline
        self.measurementProtocol = measurementProtocol.storeKey
        provenance = Provenance(measurementProtocol, llvmVersion: llvmVersion)
        self.suite = suite
        self.llvmVersion = llvmVersion
        self.results = results
        self.programs = results.count
        self.failures = results.filter { $0.outcome != .passed }
        self.skipped = skipped
        stoppedEarly = !skipped.isEmpty
        reused = results.filter(\.reused).count
        self.passed = failures.isEmpty && !results.isEmpty && skipped.isEmpty
        self.counts = Dictionary(grouping: results, by: { $0.outcome.rawValue }).mapValues(\.count)
        self.excluded = excluded
        self.seconds = seconds
        self.cached = cached
    }

    /// One line per failure, then a summary line with counts and seconds.
    public var rendered: String {
        var lines = failures.map { "\($0.program): \($0.outcome.rawValue): \($0.detail)" }
        let tally = ProgramOutcome.allCases.compactMap { outcome in
            counts[outcome.rawValue].map { "\($0) \(outcome.rawValue)" }
        }
        let excludedNote = excluded.isEmpty ? "" : "; \(excluded.count) excluded (reference did not finish)"
        let verdict = passed ? "PASSED" : "FAILED"
        let timing =
            cached
            ? "cached verdict (validated in \(String(format: "%.1f", seconds)) s)" : String(format: "%.1f s", seconds)
        let reusedNote = reused == 0 ? "" : "; \(reused) reused (identical objects already run)"
        let stoppedNote =
            stoppedEarly ? "; stopped at the first failure: \(skipped.count) programs not run or stopped" : ""
        let name = PassCatalog.displayName(of: pipeline.text)
        lines.append(
            "\(verdict): \(name.count > 120 ? String(name.prefix(117)) + "..." : name) on \(programs) programs "
                + "(\(suite), \(provenance)): \(tally.joined(separator: ", "))\(excludedNote)\(stoppedNote)\(reusedNote)"
                + "; \(timing)")
        return lines.joined(separator: "\n")
    }
}

/// Why validation could not run at all (the tool cannot go on). A failing
/// program is never one of these: it is a `ProgramResult`.
public enum PassListEvalError: UserFacingError, CustomStringConvertible {
    /// The pass list does not parse or names an unknown pass (exit 64).
    case badPipeline(String)
    /// The request cannot be validated here: a triple other than x86-64 Linux, or no suite (exit 64).
    case unsupported(String)
    /// A suite cannot be used: csmith missing, a reference that fails or does not compile, an unreadable
    /// suite file (exit 65).
    case suiteUnavailable(String)
    /// A tool PassLab runs failed (csmith, a reference build, the cache lock) (exit 70).
    case toolFailed(String)

    /// House convention: 64 user mistake, 65 bad data, 70 internal.
    public var exitCode: Int32 {
        switch self {
        case .badPipeline, .unsupported: return 64
        case .suiteUnavailable: return 65
        case .toolFailed: return 70
        }
    }

    /// The message, which already names the file, pipeline or tool and the fix.
    public var description: String {
        switch self {
        case .badPipeline(let message), .unsupported(let message), .suiteUnavailable(let message),
            .toolFailed(let message):
            return message
        }
    }
}
