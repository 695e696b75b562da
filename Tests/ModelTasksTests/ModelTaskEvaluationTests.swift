import CodeSize
import Foundation
import Models
import ModelTasks
import Testing
import TestSupport
import Toolchain

/// The disassembly and emulation harnesses on real examples (clang-19
/// makes the -Oz IR and its assembly): the oracle scores perfectly, broken
/// answers are caught, BLEU behaves.
@Suite(.serialized) struct ModelTaskEvaluationTests {
    static let programs = ["01_bubble_sort", "09_bits", "14_globals", "17_rle"]

    /// Disassembly examples as the paper made them: -Oz IR, lowered by `clang-19 -xir - -o - -S`.
    static func disassemblyExamples(_ measurementProtocol: MeasurementProtocol) throws -> [TaskExample] {
        let toolchain = try Toolchain.find()
        return try programs.map { name in
            let ir = try ProcessRunner.run(
                ProcessRequest(
                    toolchain.clang, ["-Oz", "-S", "-emit-llvm", "-o", "-", Fixtures.programs + "/\(name).c"],
                    timeout: 120)
            ).stdoutText
            let assembly = try AssemblyLowering(toolchain: toolchain, measurementProtocol: measurementProtocol)
                .assembly(of: ir).get()
            return TaskExample(
                task: .disassembly, prompt: PromptFormat.disassembly(assembly: assembly),
                label: PromptFormat.disassemblyLabel(ir: ir),
                source: name)
        }
    }

    @Test func theOracleRoundTripsEverythingUnderBothProtocols() throws {
        for measurementProtocol in [MeasurementProtocol.paper, .shipping] {
            let examples = try Self.disassemblyExamples(measurementProtocol)
            let report = try DisassemblyReport.evaluate(
                examples, source: .oracle, measurementProtocol: measurementProtocol, toolchain: try Toolchain.find())
            #expect(report.examples == 4)
            #expect(report.roundTripRate == 1)
            #expect(report.roundTripBLEU == 1)
            #expect(report.exactMatchRate == 1)
            #expect(report.parseRate == 1)
        }
    }

    @Test func brokenAnswersAreCaughtAndScoredBelowOne() throws {
        let examples = try Self.disassemblyExamples(.paper)
        let ir = ModelAnswer.firstCodeBlock(in: examples[1].label!)!
        // A changed return value: valid IR, another program.
        let changed = ir.replacingOccurrences(of: "ret i32 0", with: "ret i32 1")
        #expect(changed != ir)
        let answers: [String] = [
            "<code>" + ir + "</code>",  // right, for the wrong program (example 0)
            "<code>" + changed + "</code>",  // parses, lowers, differs
            "<code>define i32 @main( {</code>",  // does not parse
            "",  // nothing: an empty module
        ]
        let report = try DisassemblyReport.evaluate(
            examples, source: .recorded(answers), measurementProtocol: .paper, toolchain: try Toolchain.find())
        #expect(report.roundTripRate == 0)
        #expect(report.parseRate == 0.75)
        #expect(report.exactMatchRate == 0)
        let close = try #require(report.rows[1].roundTrip)
        #expect(close.parsed && !close.success)
        #expect(close.bleu > 0.9 && close.bleu < 1, "one constant changed: \(close.bleu)")
        #expect(try #require(report.rows[0].roundTrip).bleu < close.bleu)
        #expect(report.rows[2].roundTrip?.failure?.contains("does not parse") == true)
        #expect(try #require(report.rows[3].roundTrip).bleu < 0.01)
    }

    @Test func bleuIsOneForIdenticalTextAndFallsWithDamage() {
        let text = "movl $1, %eax\naddl %edi, %eax\nretq"
        #expect(BLEU.score(candidate: text, reference: text) == 1)
        #expect(BLEU.score(candidate: "", reference: text) == 0)
        let one = BLEU.score(candidate: "movl $1, %eax\naddl %esi, %eax\nretq", reference: text)
        let two = BLEU.score(candidate: "movl $2, %eax\naddl %esi, %eax\nretq", reference: text)
        #expect(one < 1 && two < one && two > 0)
        #expect(BLEU.score(candidate: "retq", reference: text) < 0.1, "brevity penalty")
        #expect(
            BLEU.tokens("movl %edi, -4(%rbp)").map(String.init) == ["movl", "%edi", ",", "-", "4", "(", "%rbp", ")"])
    }

    @Test func emulationOracleHasNoErrorAndWrongSizesCount() throws {
        let toolchain = try Toolchain.find()
        let ir = try String(contentsOfFile: Fixtures.root + "/Tests/Fixtures/prompts/bits.ll", encoding: .utf8)
        let optimized = try ProcessRunner.run(
            ProcessRequest(
                toolchain.opt, ["-p", "function(sroa)", "-S", "-o", "-"], standardInput: Array(ir.utf8),
                timeout: 120)
        ).stdoutText
        let label = PromptFormat.emulationLabel(code: optimized, instructionCount: 200, binarySize: 1000)
        let example = TaskExample(
            task: .emulationIR,
            prompt: PromptFormat.emulation(
                ir: ir, passes: "function(sroa)", instructionCount: 312,
                binarySize: 1457, assembly: false), label: label, source: "bits")
        let oracle = try EmulationReport.evaluate([example, example], source: .oracle, toolchain: toolchain)
        #expect(oracle.compileRate == 1 && oracle.exactMatchRate == 1)
        #expect(oracle.binarySizeMAPE == 0 && oracle.instructionCountMAPE == 0)
        let wrong = PromptFormat.emulationLabel(code: "define i32 @main( {", instructionCount: 150, binarySize: 1200)
        let report = try EmulationReport.evaluate(
            [example, example], source: .recorded([wrong, "no code, 900 bytes"]), toolchain: toolchain)
        #expect(report.compileRate == 0 && report.exactMatchRate == 0)
        // |1200-1000|/1000 and |900-1000|/1000; instruction counts: 0.25 and a missing one (1).
        #expect(abs(report.binarySizeMAPE - 0.15) < 1e-9)
        #expect(abs(report.instructionCountMAPE - 0.625) < 1e-9)
        #expect(report.fallbacks == ["noCode": 1])
    }
}

/// The harnesses on datasets `passlab dataset` writes: the oracle (each
/// label given back as the answer) must score perfectly.
@Suite(.serialized) struct DatasetOracleTests {
    static func passlab(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, arguments, timeout: 900))
    }

    static func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: Any],
            "\(result.stdoutText)\n\(result.stderrText)")
    }

    @Test func theOracleScoresPerfectlyOnGeneratedDatasets() throws {
        let directory = Fixtures.temporaryDirectory("oracle")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inputs = ["09_bits", "14_globals", "26_collatz"].map { Fixtures.programs + "/\($0).c" }
        for measurementProtocol in ["paper", "shipping"] {
            let made = try Self.passlab(
                ["dataset", "disassembly"] + inputs + [
                    "-o", directory + "/dis-\(measurementProtocol).jsonl",
                    "--protocol", measurementProtocol,
                ])
            #expect(made.termination == .exited(0), "\(made.stderrText)")
            let report = try Self.json(
                try Self.passlab([
                    "eval", "disassembly", directory + "/dis-\(measurementProtocol).jsonl", "--oracle",
                    "--protocol", measurementProtocol, "--json",
                ]))
            #expect(report["examples"] as? Int == 3)
            #expect(report["roundTripRate"] as? Double == 1)
            #expect(report["roundTripBLEU"] as? Double == 1)
            #expect(report["exactMatchRate"] as? Double == 1)
        }
        for target in ["ir", "asm"] {
            let made = try Self.passlab(
                ["dataset", "emulation"] + inputs + [
                    "-o", directory + "/emu-\(target).jsonl", "--target", target,
                    "--examples-per-module", "2",
                ])
            #expect(made.termination == .exited(0), "\(made.stderrText)")
            let report = try Self.json(
                try Self.passlab(["eval", "emulation", directory + "/emu-\(target).jsonl", "--oracle", "--json"]))
            #expect(try #require(report["examples"] as? Int) > 0)
            #expect(report["compileRate"] as? Double == 1)
            #expect(report["exactMatchRate"] as? Double == 1)
            #expect(report["binarySizeMAPE"] as? Double == 0)
            #expect(report["instructionCountMAPE"] as? Double == 0)
        }
    }

    @Test func modulesOverTheBudgetGiveOneExamplePerFunctionThatStillRoundTrips() throws {
        let directory = Fixtures.temporaryDirectory("oracle-split")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let made = try Self.passlab([
            "dataset", "disassembly", Fixtures.programs + "/17_rle.c", "-o", directory + "/dis.jsonl", "--max-tokens",
            "3000",
        ])
        #expect(made.termination == .exited(0), "\(made.stderrText)")
        let records = try String(contentsOfFile: directory + "/dis.jsonl", encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let functions = records.compactMap { $0["function"] as? String }
        #expect(records.count > 1)
        #expect(functions.allSatisfy { !$0.isEmpty } && Set(functions).count == records.count, "\(functions)")
        #expect(records.allSatisfy { ($0["promptTokens"] as? Int ?? .max) <= 3000 })
        let report = try Self.json(
            try Self.passlab(["eval", "disassembly", directory + "/dis.jsonl", "--oracle", "--json"]))
        #expect(report["roundTripRate"] as? Double == 1)
        #expect(report["examples"] as? Int == records.count)
    }
}
