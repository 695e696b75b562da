import Foundation
import Reports
import TestSupport
import Testing
import Toolchain

/// Every HTML report PassLab writes, made from real runs of the `passlab`
/// binary and rendered in headless chromium: it loads without console
/// errors, its bars carry visible program/module names, its axes are
/// titled, it states the metric, and its screenshot shows drawn bars.
@Suite(
    .serialized,
    .enabled(if: HeadlessBrowser.find() != nil, Comment(rawValue: HeadlessBrowser.missingMessage)))
struct ReportRenderingTests {
    static let programs = ["09_bits.c", "26_collatz.c"]

    static func passlab(_ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, arguments, environment: environment, timeout: 900))
    }

    /// Renders `file` and checks what every report must show; returns the rendering for report-specific checks.
    @discardableResult
    static func checkRendered(
        _ file: String, in directory: String, visible: [String], barColour: String = ReportPage.Colour.primary,
        minimumBarPixels: Int = 200
    ) throws -> HeadlessBrowser.Rendering {
        let browser = try #require(HeadlessBrowser.find())
        let rendering = try browser.render(file: file, scratch: directory)
        #expect(rendering.consoleMessages.isEmpty, "\(rendering.consoleMessages)")
        #expect(rendering.dom.contains("id=\"report-end\""), "the page was not rendered to its end")
        let shown = Set(ReportText.visibleSVGText(rendering.dom))
        for text in visible {
            // A program name may carry the "not validated" mark.
            #expect(
                shown.contains(text) || shown.contains(text + " *"), "\(file): \"\(text)\" is not visible in a chart")
        }
        let axes = ReportText.tickGroups(rendering.dom)
        #expect(!axes.isEmpty, "no tick labels")
        for ticks in axes {
            #expect(ReportText.hasRoundTicks(ticks), "ticks not round: \(ticks)")
        }
        let page = ReportText.text(rendering.dom)
        #expect(page.contains("text + data") && !page.contains("text+data+bss"), "the metric is Berkeley text + data")
        // The screenshot: a page, not a blank; the bars are drawn in the report colour.
        let image = rendering.screenshot
        #expect(image.width == 1200 && image.height == 1600)
        let histogram = image.histogram
        #expect(histogram.count > 10, "\(histogram.count) colours")
        let white = histogram[0xFFFFFF] ?? 0
        #expect(
            Double(image.pixels.count - white) > 0.02 * Double(image.pixels.count), "the screenshot is nearly blank")
        #expect(image.count(near: barColour) > minimumBarPixels, "no bars drawn in \(barColour)")
        return rendering
    }

    /// The checks can fail: a page with a script error, and a blank page.
    @Test func browserSeesScriptErrorsAndBlankPages() throws {
        let directory = Fixtures.temporaryDirectory("report-browser")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let broken = directory + "/broken.html"
        let blank = directory + "/blank.html"
        try "<!DOCTYPE html><html><body><p>x</p><script>noSuchFunction();</script></body></html>"
            .write(toFile: broken, atomically: true, encoding: .utf8)
        try "<!DOCTYPE html><html><body></body></html>".write(toFile: blank, atomically: true, encoding: .utf8)
        let browser = try #require(HeadlessBrowser.find())
        let rendered = try browser.render(file: broken, scratch: directory)
        #expect(rendered.consoleMessages.contains { $0.contains("noSuchFunction") }, "\(rendered.consoleMessages)")
        let empty = try browser.render(file: blank, scratch: directory)
        #expect(empty.consoleMessages.isEmpty)
        #expect(empty.screenshot.histogram.count == 1, "a blank page has one colour")
        #expect(empty.screenshot.count(near: ReportPage.Colour.primary) == 0)
    }

    @Test func autotuneReport() throws {
        let directory = Fixtures.temporaryDirectory("report-autotune")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inputs = Self.programs.map { Fixtures.programs + "/" + $0 }
        let store = directory + "/results.sqlite"
        let tuned = try Self.passlab(
            ["autotune"] + inputs + [
                "--db", store, "--budget", "8", "--minimize-budget", "0", "--broadcast", "0",
                "--protocol", "paper", "--seed", "1", "--no-validate",
            ])
        #expect(tuned.termination.succeeded, "\(tuned.stderrText)")
        let html = directory + "/autotune.html"
        let report = try Self.passlab([
            "report", "autotune", "--db", store, "--protocol", "paper", "--unvalidated", "--html", html,
        ])
        #expect(report.termination.succeeded, "\(report.stderrText)")
        let rendering = try Self.checkRendered(
            html, in: directory,
            visible: [
                "program", "reduction in text+data vs -Oz (%)", "pass", "occurrences in the programs' best lists",
                "evaluations per program (log scale)", "geomean reduction vs -Oz (%)",
            ] + Self.programs)
        let page = ReportText.text(rendering.dom)
        #expect(page.contains("module(default<Oz>)"), "the paper protocol's -Oz reference is named")
    }

    @Test func flagTuningEvaluationReport() throws {
        let directory = Fixtures.temporaryDirectory("report-eval")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Two benchmarks (top-level directories), one module each.
        let modules = zip(["alpha", "beta"], Self.programs).map { $0 + "/" + $1 }
        for module in modules {
            let target = "\(directory)/tree/\(module)"
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: Fixtures.programs + "/" + (module as NSString).lastPathComponent, toPath: target)
        }
        let html = directory + "/eval.html"
        let result = try Self.passlab([
            "eval", "flag-tuning", directory + "/tree", "--budget", "1", "--protocol", "shipping", "--no-validate",
            "--db", directory + "/eval.sqlite", "--html", html, "--json",
        ])
        #expect(result.termination.succeeded, "\(result.stderrText)")
        // The report object, wherever the JSON holds it (one protocol: the object; several: an array).
        func reportObject(_ value: Any) -> [String: Any]? {
            if let object = value as? [String: Any] {
                if object["geomeanReductionVsOzWithBackup"] != nil { return object }
                return object.values.lazy.compactMap(reportObject).first
            }
            return (value as? [Any])?.lazy.compactMap(reportObject).first
        }
        let json = try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8))
        let report = try #require(reportObject(json), "\(result.stdoutText)")
        let withBackup = try #require(report["geomeanReductionVsOzWithBackup"] as? Double)
        let asIs = try #require(report["geomeanReductionVsOz"] as? Double)
        let rendering = try Self.checkRendered(
            html, in: directory,
            visible: [
                "module", "reduction in text+data vs -Oz (%)", "as is", "with -Oz backup",
            ] + modules, barColour: ReportPage.Colour.secondary)
        // Both headline figures, and a table row per module.
        let page = ReportText.text(rendering.dom)
        #expect(
            page.contains(String(format: "%.2f%% as is", asIs))
                && page.contains(String(format: "%.2f%% with the -Oz backup", withBackup)))
        for module in modules {
            #expect(rendering.dom.contains("<td>\(module)</td>"), "no table row for \(module)")
        }
    }

    /// `bench tuning`: one bar per method and budget, the verdicts and the table of every method.
    @Test func tuningBenchmarkReport() throws {
        let directory = Fixtures.temporaryDirectory("report-bench-tuning")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/tree/b", withIntermediateDirectories: true)
        for name in Self.programs {
            try FileManager.default.copyItem(
                atPath: Fixtures.programs + "/" + name, toPath: directory + "/tree/b/" + name)
        }
        let html = directory + "/tuning.html"
        let result = try Self.passlab([
            "bench", "tuning", directory + "/tree", "--budgets", "1,16", "--protocol", "paper", "--no-validate",
            "--html", html,
        ])
        #expect(result.termination.succeeded, "\(result.stderrText)")
        // PassLab's bars here are short (a few percent on two small fixtures; at budget 1 often 0): fewer pixels.
        let rendering = try Self.checkRendered(
            html, in: directory,
            visible: [
                "budget", "budget 1", "budget 16", "reduction in text+data vs -Oz, with backup (%)", "passlab",
                "fixed-list", "greedy-coreset", "random-search",
            ], minimumBarPixels: 40)
        let page = ReportText.text(rendering.dom)
        #expect(page.contains("budget 16: PassLab"), "no verdict line")
        for method in ["passlab", "fixed-list", "greedy-coreset", "random-search"] {
            #expect(rendering.dom.contains("<td>\(method)</td>"), "no table row for \(method)")
        }
    }

    /// With a served model the page also states the model's cost, size-prediction error and unusable answers.
    @Test func servedModelEvaluationReport() throws {
        let directory = Fixtures.temporaryDirectory("report-eval-llm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/suite/b", withIntermediateDirectories: true)
        for name in Self.programs {
            try FileManager.default.copyItem(
                atPath: Fixtures.programs + "/" + name, toPath: directory + "/suite/b/" + name)
        }
        // One answer per module, in file-name order: a list, then no list.
        let server = try ScriptedServer([
            ["text": "Run passes -p 'function(sroa),function(instcombine<no-verify-fixpoint>)'"], ["text": "no idea"],
        ])
        let html = directory + "/eval-llm.html"
        let result = try Self.passlab(
            [
                "eval", "flag-tuning", directory + "/suite", "--predictor", "llm", "--model-url", server.url, "--model",
                "llm-compiler-test", "--budget", "1", "--protocol", "paper", "--no-validate", "--no-split", "--db",
                directory + "/eval.sqlite", "--html", html,
            ])
        #expect(result.termination.succeeded, "\(result.stderrText)")
        let rendering = try Self.checkRendered(
            html, in: directory, visible: ["module", "as is", "with -Oz backup"] + Self.programs,
            barColour: ReportPage.Colour.secondary)
        let page = ReportText.text(rendering.dom)
        #expect(page.contains("predictor llm:llm-compiler-test"))
        #expect(page.contains("1 of 2 answers unusable (noPipeline 1)"), "\(page)")
    }

    @Test func compilerWrapperReport() throws {
        let directory = Fixtures.temporaryDirectory("report-cc")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["PASSLAB_CACHE_DIR"] = directory + "/cache"
        environment["PASSLAB_BUDGET"] = "2"
        environment["PASSLAB_BUILD_ID"] = "report-test"
        environment["PASSLAB_VERBOSE"] = nil
        for name in Self.programs {
            let object = directory + "/" + (name as NSString).deletingPathExtension + ".o"
            let compiled = try Self.passlab(
                ["cc", "-Oz", "-c", Fixtures.programs + "/" + name, "-o", object], environment: environment)
            #expect(compiled.termination.succeeded, "\(compiled.stderrText)")
        }
        let html = directory + "/cc.html"
        let report = try Self.passlab(["cc", "--report", "--html", html], environment: environment)
        #expect(report.termination.succeeded, "\(report.stderrText)")
        let rendering = try Self.checkRendered(
            html, in: directory,
            visible: [
                "object", "reduction in text+data vs clang-19 (%)", "09_bits.o", "26_collatz.o",
            ])
        #expect(rendering.dom.contains("<td>09_bits.o</td>") && rendering.dom.contains("<td>26_collatz.o</td>"))
    }
}
