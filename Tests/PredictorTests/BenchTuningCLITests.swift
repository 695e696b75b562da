import Foundation
import Testing
import TestSupport
import Toolchain

/// `passlab bench tuning` as a user runs it: PassLab's tuner and the three
/// baselines on the same fixture modules, real compilations, PassListEval on
/// a HumanEval-X subset, the shipped predictor.
@Suite(.serialized) struct BenchTuningCLITests {
    static func passlab(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, arguments, timeout: 1200))
    }

    /// DIR/tree/alpha (two modules) and DIR/tree/beta (one).
    static func tree(_ directory: String) throws -> String {
        for (benchmark, names) in [("alpha", ["09_bits.c", "26_collatz.c"]), ("beta", ["20_division.c"])] {
            let target = "\(directory)/tree/\(benchmark)"
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            for name in names {
                try FileManager.default.copyItem(atPath: "\(Fixtures.programs)/\(name)", toPath: "\(target)/\(name)")
            }
        }
        return directory + "/tree"
    }

    @Test func everyMethodAndBudgetOnTheSameModulesValidatedOnlyAndResumable() throws {
        let directory = Fixtures.temporaryDirectory("bench-tuning")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tree = try Self.tree(directory)
        let suite = try Fixtures.humanEvalSubset(["CPP/2", "CPP/20"], in: directory)
        // The paper's autotuner on alpha only (beta is missing from its store), to be compared with.
        let autotune = try Self.passlab([
            "autotune", tree + "/alpha", "--db", directory + "/auto.sqlite", "--budget", "20", "--minimize-budget",
            "10",
            "--broadcast", "5", "--protocol", "paper", "--humaneval", suite, "--jobs", "2",
        ])
        #expect(autotune.termination == .exited(0), "\(autotune.stderrText)")
        let autotuned = try Self.passlab([
            "report", "autotune", "--db", directory + "/auto.sqlite", "--protocol", "paper", "--json",
        ])
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(autotuned.stdoutText.utf8)) as? [String: Any])
        let autotunerFigure = try #require(summary["geomeanReductionVsOz"] as? Double)
        // Budget 16: PassLab's tuner searches beyond its 10 picks, and the random search finds lists that beat -Oz
        // and are validated.
        let arguments = [
            "bench", "tuning", tree, "--budgets", "1,16", "--protocol", "paper", "--humaneval", suite,
            "--jobs", "2",
            "--db", directory + "/stores", "--html", directory + "/tuning.html", "--json",
            "--autotuner-db", directory + "/auto.sqlite",
        ]
        let first = try Self.passlab(arguments)
        #expect(first.termination == .exited(0), "\(first.stderrText)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(first.stdoutText.utf8)) as? [String: Any])
        let provenance = try #require(report["provenance"] as? [String: Any])
        #expect(provenance["protocol"] as? String == "paper" && provenance["llvmVersion"] as? String != nil)
        let runs = try #require(report["protocols"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = runs[0]
        // The settings every method ran with: the defaults here.
        let settings = try #require(run["settings"] as? [String: Any])
        #expect(settings["minimumValidatedGain"] as? Double == 0 && settings["validationAttempts"] as? Int == 2)
        #expect(settings["perFunction"] as? Bool == true && settings["searches"] as? Bool == true)
        let rows = try #require(run["rows"] as? [[String: Any]])
        let methods = ["passlab", "fixed-list", "greedy-coreset", "random-search"]
        #expect(
            Set(rows.map { "\($0["method"] as? String ?? "?")@\($0["budget"] as? Int ?? 0)" })
                == Set(methods.flatMap { method in [1, 16].map { "\(method)@\($0)" } }))
        var strictlyBelow = false
        for row in rows {
            let name = "\(row["method"] as? String ?? "?") at \(row["budget"] as? Int ?? 0)"
            #expect(row["modules"] as? Int == 3, "\(name)")
            let asIs = try #require(row["geomeanReductionVsOz"] as? Double)
            let withBackup = try #require(row["geomeanReductionVsOzWithBackup"] as? Double)
            #expect(asIs <= withBackup + 1e-9 && withBackup >= 0, "\(name): as is \(asIs), with backup \(withBackup)")
            strictlyBelow = strictlyBelow || asIs < withBackup - 1e-9
            for key in [
                "improvedShare", "regressedShare", "unvalidatedShare", "validationsPerModule",
                "meanSecondsPerModule", "medianSecondsPerModule",
            ] {
                #expect(row[key] is Double, "\(name): missing \(key)")
            }
            // Code bases weighing the same: alpha's two modules count as much as beta's one.
            let byBenchmark = Dictionary(
                grouping: try #require(row["results"] as? [[String: Any]]), by: { $0["benchmark"] as? String ?? "" })
            #expect(Set(byBenchmark.keys) == ["alpha", "beta"])
            let means = byBenchmark.values.map { group in
                group.map { item -> Double in
                    let result = item["result"] as? [String: Any] ?? [:]
                    return log(Double(result["ozBinarySize"] as? Int ?? 1) / Double(result["binarySize"] as? Int ?? 1))
                }.reduce(0, +) / Double(group.count)
            }
            let balanced = 100 * (1 - exp(-means.reduce(0, +) / Double(means.count)))
            #expect(abs((row["codeBasesEqualWithBackup"] as? Double ?? -1) - balanced) < 1e-9, "\(name)")
            // The fixed list is one compilation at any budget; the others spend the budget.
            let compilations = try #require(row["compilationsPerModule"] as? Double)
            let budget = Double(row["budget"] as? Int ?? 0)
            #expect(compilations == (row["method"] as? String == "fixed-list" ? 1 : budget), "\(name)")
            // Per module: with the backup the result is the validated list when it beats -Oz, else -Oz itself.
            for item in try #require(row["results"] as? [[String: Any]]) {
                let result = try #require(item["result"] as? [String: Any])
                let size = try #require(result["binarySize"] as? Int), oz = try #require(result["ozBinarySize"] as? Int)
                let validatedSize = result["asIsBinarySize"] as? Int
                #expect(size == min(validatedSize ?? oz, oz), "\(name) \(result["input"] ?? "")")
                #expect(result["usedOzBackup"] as? Bool == ((validatedSize ?? oz) >= oz))
            }
        }
        // Somewhere as is pays for what validation did not vouch for (one random list, mostly);
        // somewhere a new winner was validated here.
        #expect(strictlyBelow)
        #expect(
            rows.contains { ($0["validationsPerModule"] as? Double ?? 0) > 0 },
            "no validation in any row: \(rows.map { row in ["method", "budget", "geomeanReductionVsOz", "geomeanReductionVsOzWithBackup", "validationsPerModule", "unvalidatedShare"].map { "\(row[$0] ?? "-")" }.joined(separator: " ") }); stderr: \(first.stderrText.suffix(3000))"
        )
        // Beside the autotuner: its figure over the two alpha modules is `report autotune`'s, PassLab's at each budget
        // is the geomean of its results on those two modules, and beta is named as missing.
        let autotuner = try #require(run["autotuner"] as? [String: Any])
        #expect(autotuner["modules"] as? Int == 2)
        #expect((autotuner["missing"] as? [String])?.map { ($0 as NSString).lastPathComponent } == ["20_division.c"])
        #expect(abs((autotuner["geomeanReductionVsOz"] as? Double ?? -1) - autotunerFigure) < 1e-9)
        #expect(autotuner["ozMismatches"] as? Int == 0)
        #expect((autotuner["compilationsPerModule"] as? Double ?? 0) >= 20)
        let points = try #require(autotuner["points"] as? [[String: Any]])
        #expect(points.map { $0["budget"] as? Int } == [1, 16])
        for point in points {
            let budget = try #require(point["budget"] as? Int)
            let row = try #require(
                rows.first { $0["method"] as? String == "passlab" && $0["budget"] as? Int == budget })
            let alpha = try #require(row["results"] as? [[String: Any]]).compactMap { $0["result"] as? [String: Any] }
                .filter { ($0["input"] as? String)?.contains("/alpha/") == true }
            #expect(alpha.count == 2)
            let logs = alpha.map {
                log(Double($0["ozBinarySize"] as? Int ?? 1) / Double($0["binarySize"] as? Int ?? 1))
            }
            let expected = 100 * (1 - exp(-logs.reduce(0, +) / Double(logs.count)))
            let figure = try #require(point["passlab"] as? Double)
            #expect(abs(figure - expected) < 1e-9, "budget \(budget): \(figure) vs \(expected)")
            if autotunerFigure > 0 {
                #expect(abs((point["shareOfAutotuner"] as? Double ?? -1) - figure / autotunerFigure) < 1e-9)
            } else {
                #expect(point["shareOfAutotuner"] == nil)
            }
        }
        let verdicts = try #require(run["verdicts"] as? [[String: Any]])
        #expect(verdicts.map { $0["budget"] as? Int } == [1, 16])
        #expect(verdicts.allSatisfy { $0["beatsEveryBaseline"] is Bool })
        // Each method and budget has its own store.
        let stores = try FileManager.default.contentsOfDirectory(atPath: directory + "/stores")
            .filter { $0.hasSuffix(".sqlite") }
        #expect(stores.count == 8)
        let html = try String(contentsOfFile: directory + "/tuning.html", encoding: .utf8)
        #expect(
            html.contains("<svg") && html.contains("greedy-coreset") && html.contains("Autotuner (")
                && !html.contains("<script"))

        // Again on the same stores: everything is read back, the figures are the same.
        let second = try Self.passlab(arguments)
        #expect(second.termination == .exited(0), "\(second.stderrText)")
        let again = try #require(try JSONSerialization.jsonObject(with: Data(second.stdoutText.utf8)) as? [String: Any])
        let againRows = try #require((again["protocols"] as? [[String: Any]])?.first?["rows"] as? [[String: Any]])
        for key in ["geomeanReductionVsOzWithBackup", "geomeanReductionVsOz"] {
            #expect(againRows.map { $0[key] as? Double } == rows.map { $0[key] as? Double }, "\(key)")
        }
    }

    @Test func badArgumentsAreNamed() throws {
        let directory = Fixtures.temporaryDirectory("bench-tuning-bad")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let budgets = try Self.passlab(["bench", "tuning", Fixtures.programs, "--budgets", "1,x"])
        #expect(budgets.termination == .exited(64) && budgets.stderrText.contains("1,x"))
        let zero = try Self.passlab(["bench", "tuning", Fixtures.programs, "--budgets", "0"])
        #expect(zero.termination == .exited(64))
        let missing = try Self.passlab([
            "bench", "tuning", directory + "/nope", "--no-validate",
            "--db", directory + "/stores",
        ])
        #expect(missing.termination == .exited(64) && missing.stderrText.contains("nope"))
        let garbage = directory + "/garbage.json"
        try Data("not json".utf8).write(to: URL(fileURLWithPath: garbage))
        let model = try Self.passlab([
            "bench", "tuning", Fixtures.programs, "--protocol", "shipping",
            "--predictor-file", garbage, "--no-validate", "--db", directory + "/stores",
        ])
        #expect(model.termination == .exited(65) && model.stderrText.contains(garbage))
        let both = try Self.passlab(["bench", "tuning", Fixtures.programs, "--predictor-file", garbage])
        #expect(both.termination == .exited(64))
        // A store that does not exist is named, and not created.
        let noStore = try Self.passlab([
            "bench", "tuning", Fixtures.programs, "--no-validate", "--autotuner-db", directory + "/none.sqlite",
        ])
        #expect(noStore.termination == .exited(64) && noStore.stderrText.contains(directory + "/none.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/none.sqlite"))
    }
}
