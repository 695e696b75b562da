import Benchmarks
import CodeSize
import Engine
import Foundation
import Pipelines
import Predictor
import Store
import Support
import Testing
import TestSupport
import Toolchain

/// `passlab tune` and `passlab eval flag-tuning` as a user runs them, with
/// the predictors shipped in the repository.
@Suite(.serialized) struct TuneCLITests {
    static func passlab(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, arguments, timeout: 900))
    }

    static func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: Any],
            "\(result.stdoutText)")
    }

    @Test func tunesTheBundledExampleAndWritesWhatItMeasured() throws {
        let directory = Fixtures.temporaryDirectory("tune-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let suite = try Fixtures.humanEvalSubset(["CPP/2", "CPP/20", "CPP/96"], in: directory)
        let example = Fixtures.root + "/examples/lz_demo.c"
        let common = ["--db", directory + "/tune.sqlite", "--humaneval", suite, "--json"]
        let result = try Self.passlab(["tune", example, "--budget", "4", "-o", directory + "/out.ll"] + common)
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let report = try Self.json(result)
        for key in [
            "pipeline", "binarySize", "ozBinarySize", "reductionVsOz", "compilations", "seconds", "validated",
            "unoptimizedBinarySize",
            "validations", "validationSeconds",
        ] {
            #expect(report[key] != nil, "missing \(key)")
        }
        let size = try #require(report["binarySize"] as? Int), oz = try #require(report["ozBinarySize"] as? Int)
        #expect(size <= oz, "never worse than -Oz")
        #expect(report["validated"] as? Bool == true)
        #expect(report["compilations"] as? Int == 4)
        #expect(abs((report["reductionVsOz"] as? Double ?? -1) - 100 * (1 - Double(size) / Double(oz))) < 1e-9)
        // The IR written is what was measured: opt-19 / llc-19 on it give the same size.
        let reference = ProcessPipeline.measure(
            file: directory + "/out.ll", pipeline: "", measurementProtocol: .shipping,
            toolchain: try Toolchain.find(), scratch: directory + "/ref", countInstructions: false)
        #expect(try reference.get().binarySize == size)
        // -c writes the object itself.
        let object = try Self.passlab(["tune", example, "--budget", "4", "-c", "-o", directory + "/out.o"] + common)
        #expect(object.termination == .exited(0), "\(object.stderrText)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/out.o")))
        #expect(try ELFObject.sizes(of: bytes).binarySize == size)
        // Zero-shot under the paper protocol, with its own predictor.
        let paper = try Self.passlab(
            ["tune", example, "--budget", "1", "--protocol", "paper", "-o", directory + "/paper.ll"] + common)
        #expect(paper.termination == .exited(0), "\(paper.stderrText)")
        let paperReport = try Self.json(paper)
        #expect(paperReport["compilations"] as? Int == 1)
        #expect((paperReport["binarySize"] as? Int ?? .max) <= (paperReport["ozBinarySize"] as? Int ?? 0))
    }

    @Test func theSameCommandRunAgainNeverEndsLargerThanBefore() throws {
        let directory = Fixtures.temporaryDirectory("tune-kept")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let suite = try Fixtures.humanEvalSubset(["CPP/2", "CPP/20", "CPP/96"], in: directory)
        let input = directory + "/lz_demo.ll", storePath = directory + "/tune.sqlite"
        let ir = try Self.passlab(["ir", Fixtures.root + "/examples/lz_demo.c", "-o", input])
        #expect(ir.termination == .exited(0), "\(ir.stderrText)")
        let contentHash = SHA256.hex([UInt8](try Data(contentsOf: URL(fileURLWithPath: input))))
        let common = ["--db", storePath, "--humaneval", suite, "--json"]
        func tune(_ budget: Int, _ output: String, _ extra: [String] = []) throws -> [String: Any] {
            let run = try Self.passlab(
                ["tune", input, "--budget", "\(budget)", "-o", directory + "/" + output] + common + extra)
            #expect(run.termination == .exited(0), "\(run.stderrText)")
            return try Self.json(run)
        }
        func kept(_ budget: Int) throws -> StoredTuneResult? {
            try ResultStore(path: storePath).tuneResult(
                contentHash: contentHash, llvmVersion: PassCatalog.llvmVersion,
                protocolKey: MeasurementProtocol.shipping.storeKey, budget: budget, predictor: "embedded")
        }
        func written(_ output: String) throws -> Int {
            try ProcessPipeline.measure(
                file: directory + "/" + output, pipeline: "", measurementProtocol: .shipping,
                toolchain: try Toolchain.find(), scratch: directory + "/ref-" + output, countInstructions: false
            ).get().binarySize
        }
        // Each run keeps what it shipped for its budget.
        let ten = try tune(10, "ten.ll"), one = try tune(1, "one.ll")
        let tenSize = try #require(ten["binarySize"] as? Int), oneSize = try #require(one["binarySize"] as? Int)
        try #require(tenSize < oneSize, "budget 10 must beat budget 1 on lz_demo for this test to say anything")
        #expect(try kept(10)?.binarySize == tenSize && kept(1)?.binarySize == oneSize)
        #expect(one["thisRunBinarySize"] == nil)
        // An earlier run at budget 1 that had shipped budget 10's object (as a rerun whose search went
        // elsewhere would): the run ships it again, measured again, and says what it found itself.
        let row = try #require(try kept(10))
        var planted = StoredTuneResult(
            contentHash: row.contentHash, llvmVersion: row.llvmVersion, protocolKey: row.protocolKey, budget: 1,
            predictor: row.predictor, binarySize: row.binarySize, resultJSON: row.resultJSON)
        try ResultStore(path: storePath).record(planted)
        let again = try tune(1, "again.ll")
        #expect(again["binarySize"] as? Int == tenSize && again["thisRunBinarySize"] as? Int == oneSize)
        #expect(again["compilations"] as? Int == 1, "the costs are this run's")
        #expect(try written("again.ll") == tenSize)
        #expect(try kept(1)?.binarySize == tenSize)
        // A kept result that no longer measures what it says is not shipped, and this run's replaces it.
        planted.binarySize = tenSize - 1
        planted.resultJSON = row.resultJSON.replacingOccurrences(
            of: "\"binarySize\":\(tenSize),", with: "\"binarySize\":\(tenSize - 1),")
        try #require(planted.resultJSON != row.resultJSON)
        try ResultStore(path: storePath).record(planted)
        let honest = try tune(1, "honest.ll")
        #expect(honest["binarySize"] as? Int == oneSize && honest["thisRunBinarySize"] == nil)
        #expect(try written("honest.ll") == oneSize)
        #expect(try kept(1)?.binarySize == oneSize)
        // A kept result with a list that failed validation since (a stricter suite) is not shipped either.
        planted.binarySize = tenSize
        planted.resultJSON = row.resultJSON
        try ResultStore(path: storePath).record(planted)
        let base = try Pipeline(parsing: try #require(ten["pipeline"] as? String))
        try ResultStore(path: storePath).record(
            StoredVerdict(
                pipeline: base, protocolKey: MeasurementProtocol.shipping.storeKey, suite: "csmith-test",
                llvmVersion: PassCatalog.llvmVersion, passed: false, programs: 1, failures: 1, resultsJSON: "[]",
                excludedJSON: "[]", seconds: 0))
        let rejected = try tune(1, "rejected.ll")
        let rejectedSize = try #require(rejected["binarySize"] as? Int)
        #expect(rejected["thisRunBinarySize"] == nil && rejectedSize > tenSize)
        #expect(try kept(1)?.binarySize == rejectedSize, "a result that cannot be shipped any more is replaced")
        // Without per-function lists, a kept composition is not what the command asks for: it keeps its own.
        let single = try tune(10, "single.ll", ["--no-per-function"])
        #expect(single["perFunction"] == nil && single["thisRunBinarySize"] == nil)
        #expect(try kept(10)?.binarySize == tenSize, "the composition stays kept for the command that makes it")
    }

    /// Budget 1 writes the output of the compilation that measured it; a
    /// rerun reads the sizes back from the store and compiles the result
    /// again to write it: both write the same bytes, which measure what
    /// `tune` reported.
    /// `--no-search`: the whole budget goes to the predictor's lists (pool lists, validated at training), composed
    /// per function; PassListEval never runs, the result is never worse than -Oz and made of pool lists only.
    @Test func noSearchCompilesOnlyThePredictorsListsAndValidatesNothing() throws {
        let directory = Fixtures.temporaryDirectory("tune-no-search")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let suite = try Fixtures.humanEvalSubset(["CPP/2", "CPP/20", "CPP/96"], in: directory)
        let input = Fixtures.programs + "/22_lzss.c"
        let result = try Self.passlab([
            "tune", input, "--budget", "30", "--no-search", "--db", directory + "/tune.sqlite", "--humaneval", suite,
            "--json", "-o", directory + "/out.ll",
        ])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let report = try Self.json(result)
        #expect(report["compilations"] as? Int == 30)
        #expect(report["validations"] as? Int == 0 && report["validationSeconds"] as? Double == 0)
        let size = try #require(report["binarySize"] as? Int), oz = try #require(report["ozBinarySize"] as? Int)
        #expect(size <= oz)
        let model = try PredictorModel.bundled(.shipping)
        let pool = Set(try model.lists.map { try model.pipeline(of: $0).text } + [PassCatalog.clangOz.text])
        let composed = (report["perFunction"] as? [String: Any])?["lists"] as? [String]
        let lists = try composed ?? [#require(report["pipeline"] as? String)]
        #expect(!lists.isEmpty && lists.allSatisfy(pool.contains), "\(lists)")
        // The help says what it does.
        let help = try Self.passlab(["tune", "--help"])
        #expect(help.stdoutText.contains("--no-search"))
    }

    @Test func budgetOneWritesTheBytesARerunCompilesAgain() throws {
        let directory = Fixtures.temporaryDirectory("tune-one-output")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let example = Fixtures.root + "/examples/lz_demo.c"
        for (index, output) in ["out.ll", "out.o", "out.bc"].enumerated() {
            let common = ["--budget", "1", "--db", directory + "/tune-\(index).sqlite", "--json", "--no-validate"]
            let flags = output.hasSuffix(".o") ? ["-c"] : []
            let first = try Self.passlab(["tune", example, "-o", directory + "/first-" + output] + flags + common)
            #expect(first.termination == .exited(0), "\(first.stderrText)")
            let again = try Self.passlab(["tune", example, "-o", directory + "/again-" + output] + flags + common)
            #expect(again.termination == .exited(0), "\(again.stderrText)")
            let (one, two) = (try Self.json(first), try Self.json(again))
            #expect(one["binarySize"] as? Int == two["binarySize"] as? Int)
            #expect(one["compilations"] as? Int == 1)
            let written = try Data(contentsOf: URL(fileURLWithPath: directory + "/first-" + output))
            #expect(
                written == (try Data(contentsOf: URL(fileURLWithPath: directory + "/again-" + output))), "\(output)")
            let size: Int
            if output.hasSuffix(".o") {
                size = try ELFObject.sizes(of: [UInt8](written)).binarySize
            } else {
                size = try ProcessPipeline.measure(
                    file: directory + "/first-" + output, pipeline: "", measurementProtocol: .shipping,
                    toolchain: try Toolchain.find(), scratch: directory + "/ref-\(index)", countInstructions: false
                ).get().binarySize
            }
            #expect(size == one["binarySize"] as? Int, "\(output) measures what tune reported")
        }
    }

    /// Budget 1 on at most 30 KB of IR text (8 KB of bitcode) starts one
    /// worker instead of one per core; nothing else, C files and larger
    /// modules keep one per core.
    @Test func oneWorkerSufficesOnlyForSmallIRAtBudgetOne() throws {
        let directory = Fixtures.temporaryDirectory("tune-one-worker")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func ir(_ program: String) throws -> (path: String, size: Int, bitcode: String, bitcodeSize: Int) {
            let path = "\(directory)/\(program).ll", bitcode = "\(directory)/\(program).bc"
            let bytes = try ProgramMeasurer.irBytes(
                of: Fixtures.programs + "/\(program).c", triple: nil, clangArguments: [])
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let assembled = try ProcessRunner.run(ProcessRequest(try Toolchain.find().opt, [path, "-o", bitcode]))
            #expect(assembled.termination.succeeded, "\(assembled.stderrText)")
            let bitcodeSize = try #require(FileManager.default.contents(atPath: bitcode)).count
            return (path, bytes.count, bitcode, bitcodeSize)
        }
        let small = try ir("09_bits"), large = try ir("28_sha256")
        let smallBitcode = (path: small.bitcode, size: small.bitcodeSize)
        let largeBitcode = (path: large.bitcode, size: large.bitcodeSize)
        #expect(small.size <= 30_000 && large.size > 30_000, "\(small.size) \(large.size)")
        #expect(FlagTuner.oneWorkerSuffices(for: small.path, budget: 1))
        #expect(!FlagTuner.oneWorkerSuffices(for: small.path, budget: 2))
        #expect(!FlagTuner.oneWorkerSuffices(for: large.path, budget: 1))
        #expect(
            FlagTuner.oneWorkerSuffices(for: smallBitcode.path, budget: 1) == (smallBitcode.size <= 8_000),
            "\(smallBitcode.size)")
        #expect(largeBitcode.size > 8_000 && !FlagTuner.oneWorkerSuffices(for: largeBitcode.path, budget: 1))
        #expect(!FlagTuner.oneWorkerSuffices(for: Fixtures.programs + "/09_bits.c", budget: 1))
        #expect(!FlagTuner.oneWorkerSuffices(for: directory + "/missing.ll", budget: 1))
        // One worker (the default on this module) and two (--jobs 2) ship the same bytes.
        var written: [Data] = []
        for (index, jobs) in [[], ["--jobs", "2"]].enumerated() {
            let output = "\(directory)/out-\(index).o"
            let result = try Self.passlab(
                ["tune", small.path, "--budget", "1", "-c", "-o", output, "--json", "--no-validate"] + [
                    "--db", "\(directory)/tune-\(index).sqlite",
                ] + jobs)
            #expect(result.termination == .exited(0), "\(result.stderrText)")
            let object = try Data(contentsOf: URL(fileURLWithPath: output))
            #expect(try ELFObject.sizes(of: [UInt8](object)).binarySize == Self.json(result)["binarySize"] as? Int)
            written.append(object)
        }
        #expect(written[0] == written[1])
    }

    @Test func badInputIsNamedAndNothingIsWritten() throws {
        let directory = Fixtures.temporaryDirectory("tune-bad")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = try Self.passlab([
            "tune", directory + "/nope.c", "-o", directory + "/out.ll", "--no-validate", "--db",
            directory + "/t.sqlite",
        ])
        #expect(missing.termination == .exited(64))
        #expect(missing.stderrText.contains("nope.c"))
        let garbage = directory + "/garbage.json"
        try Data("not json".utf8).write(to: URL(fileURLWithPath: garbage))
        let badModel = try Self.passlab([
            "tune", Fixtures.programs + "/09_bits.c", "--predictor-file", garbage, "-o", directory + "/out.ll",
            "--no-validate", "--db", directory + "/t.sqlite",
        ])
        #expect(badModel.termination == .exited(65))
        #expect(badModel.stderrText.contains(garbage))
        let budget = try Self.passlab(["tune", Fixtures.programs + "/09_bits.c", "--budget", "0"])
        #expect(budget.termination == .exited(64))
        // A --min-validated-gain that is no percent is refused, by each command that takes it.
        for (arguments, value) in [
            (["tune", Fixtures.programs + "/09_bits.c", "-o", directory + "/out.ll"], "150"),
            (["bench", "tuning", Fixtures.programs + "/09_bits.c"], "-1"),
            (["eval", "flag-tuning", Fixtures.programs], "nan"),
        ] {
            let gain = try Self.passlab(arguments + ["--min-validated-gain=" + value])
            #expect(gain.termination == .exited(64), "\(arguments[0]): \(gain.stderrText)")
            #expect(
                gain.stderrText.contains("--min-validated-gain") && gain.stderrText.contains(value),
                "\(gain.stderrText)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/out.ll"))
    }

    @Test func evaluatesATreePerBenchmarkAndResumesFromTheStore() throws {
        let directory = Fixtures.temporaryDirectory("eval-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (benchmark, names) in [("alpha", ["09_bits.c", "26_collatz.c"]), ("beta", ["20_division.c"])] {
            try FileManager.default.createDirectory(
                atPath: "\(directory)/tree/\(benchmark)", withIntermediateDirectories: true)
            for name in names {
                try FileManager.default.copyItem(
                    atPath: "\(Fixtures.programs)/\(name)", toPath: "\(directory)/tree/\(benchmark)/\(name)")
            }
        }
        let arguments = [
            "eval", "flag-tuning", directory + "/tree", "--budget", "3", "--protocol", "both", "--no-validate",
            "--db", directory + "/eval.sqlite", "--html", directory + "/eval.html", "--json",
            "--min-validated-gain", "0.25",
        ]
        let first = try Self.passlab(arguments)
        #expect(first.termination == .exited(0), "\(first.stderrText)")
        let reports = try #require(
            try JSONSerialization.jsonObject(with: Data(first.stdoutText.utf8)) as? [[String: Any]])
        #expect(reports.map { ($0["provenance"] as? [String: Any])?["protocol"] as? String } == ["shipping", "paper"])
        for report in reports {
            for key in [
                "modules", "geomeanReductionVsOz", "geomeanReductionVsOzWithBackup", "improvedShare", "regressedShare",
                "compilationsPerModule", "secondsPerModule", "benchmarks", "validationsPerModule",
                "validationSecondsPerModule", "unvalidatedShare",
            ] {
                #expect(report[key] != nil, "missing \(key)")
            }
            #expect(report["modules"] as? Int == 3)
            // The report says how the tuner was set.
            let settings = try #require(report["settings"] as? [String: Any])
            #expect(settings["minimumValidatedGain"] as? Double == 0.0025)
            #expect(settings["perFunction"] as? Bool == true && settings["searches"] as? Bool == true)
            #expect(settings["validationAttempts"] as? Int == 2 && settings["seed"] as? Int == 1)
            let benchmarks = try #require(report["benchmarks"] as? [[String: Any]])
            #expect(benchmarks.map { $0["name"] as? String } == ["alpha", "beta"])
            #expect(benchmarks.map { $0["modules"] as? Int } == [2, 1])
            // With the backup a module is never worse than -Oz; without it, it may be.
            let withBackup = try #require(report["geomeanReductionVsOzWithBackup"] as? Double)
            #expect(withBackup >= 0 && withBackup >= (report["geomeanReductionVsOz"] as? Double ?? .infinity) - 1e-9)
            #expect(report["compilationsPerModule"] as? Double == 3)
            // --no-validate: nothing validated, no time spent on it.
            #expect(report["validationSecondsPerModule"] as? Double == 0)
            // As is counts validated lists only (here: those trusted from training), never more than with the backup.
            for item in try #require(report["results"] as? [[String: Any]]) {
                let result = try #require(item["result"] as? [String: Any])
                let size = try #require(result["binarySize"] as? Int), oz = try #require(result["ozBinarySize"] as? Int)
                let asIs = result["asIsReductionVsOz"] as? Double ?? -.infinity
                #expect(asIs <= (result["reductionVsOz"] as? Double ?? .infinity) + 1e-9)
                #expect(size == min(result["asIsBinarySize"] as? Int ?? oz, oz))
            }
        }
        let html = try String(contentsOfFile: directory + "/eval.html", encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("alpha") && !html.contains("<script"))
        // Again: every size is read back from the store, the figures are the same.
        let second = try Self.passlab(arguments)
        let again = try #require(
            try JSONSerialization.jsonObject(with: Data(second.stdoutText.utf8)) as? [[String: Any]])
        #expect(
            again.map { $0["geomeanReductionVsOzWithBackup"] as? Double }
                == reports.map { $0["geomeanReductionVsOzWithBackup"] as? Double })
    }
}
