import Foundation
import Models
import Testing
import TestSupport
import Toolchain

/// The prompts, byte for byte, against the templates of the released
/// models (llm-compiler-facts.md, "Prompt formats"), written out here
/// independently of `PromptFormat`.
struct PromptFormatTests {
    @Test func templatesMatchTheReleasedModelsByteForByte() {
        let ir = "define i32 @f() {\n  ret i32 0\n}\n"
        #expect(
            PromptFormat.flagTuning(ir: ir)
                == "[INST] Tell me how to optimize this LLVM-IR for object file size:\n\n<code>define i32 @f() {\n  ret i32 0\n}\n</code> [/INST]"
        )
        #expect(
            PromptFormat.disassembly(assembly: "\tretq\n")
                == "[INST] Disassemble this code to LLVM-IR:\n\n<code>\tretq\n</code> [/INST]")
        #expect(
            PromptFormat.emulation(
                ir: ir, passes: "module(default<Oz>)", instructionCount: 1, binarySize: 12, assembly: false)
                == "[INST] Give the LLVM-IR for the following code when optimized using opt -p 'module(default<Oz>)':\n\n<code>define i32 @f() {\n  ret i32 0\n}\n</code>\n\nThe input code has instruction count 1 and binary size 12 bytes. [/INST]"
        )
        #expect(
            PromptFormat.emulation(
                ir: ir, passes: "function(sroa)", instructionCount: 1, binarySize: 12, assembly: true)
                == "[INST] Give the assembly for the following code when optimized using opt -p 'function(sroa)':\n\n<code>define i32 @f() {\n  ret i32 0\n}\n</code>\n\nThe input code has instruction count 1 and binary size 12 bytes. [/INST]"
        )
    }

    @Test func labelsCarryWhatTheParserReadsBack() {
        let label = PromptFormat.flagTuningLabel(
            pipeline: "module(default<Oz>),function(sroa)", unoptimizedBinarySize: 120, binarySize: 80,
            optimizedIR: "define void @g() {\n  ret void\n}\n")
        #expect(ModelAnswer.pipelineText(in: label) == "module(default<Oz>),function(sroa)")
        #expect(ModelAnswer.byteCounts(in: label) == [120, 80])
        #expect(ModelAnswer.firstCodeBlock(in: label) == "define void @g() {\n  ret void\n}\n")
        let none = PromptFormat.flagTuningLabel(
            pipeline: nil, unoptimizedBinarySize: 64, binarySize: 64, optimizedIR: "")
        #expect(ModelAnswer.pipelineText(in: none) == nil)
        #expect(ModelAnswer.byteCounts(in: none) == [64])
        let emulation = PromptFormat.emulationLabel(code: "x", instructionCount: 7, binarySize: 1234)
        #expect(ModelAnswer.instructionCount(in: emulation) == 7)
        #expect(ModelAnswer.byteCounts(in: emulation) == [1234])
        #expect(ModelAnswer.firstCodeBlock(in: emulation) == "x")
    }
}

/// `passlab prompt` as a user runs it: golden files (re-record with
/// PASSLAB_RECORD_GOLDEN=1), and the template checked around the input.
@Suite(.serialized) struct PromptCLITests {
    static let fixtures = Fixtures.root + "/Tests/Fixtures/prompts"
    static let golden = Fixtures.root + "/Tests/Fixtures/prompts/golden"

    static func prompt(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, ["prompt"] + arguments + ["--jobs", "1"], timeout: 300))
    }

    static func expectGolden(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = golden + "/" + name
        if ProcessInfo.processInfo.environment["PASSLAB_RECORD_GOLDEN"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            text == expected,
            "\(name) differs from the golden file; re-record with PASSLAB_RECORD_GOLDEN=1 if the change is intended",
            sourceLocation: sourceLocation)
    }

    @Test func flagTuningAndDisassemblyWrapTheInputVerbatim() throws {
        let ir = try String(contentsOfFile: Self.fixtures + "/bits.ll", encoding: .utf8)
        let flag = try Self.prompt(["flag-tuning", Self.fixtures + "/bits.ll"])
        #expect(flag.termination == .exited(0), "\(flag.stderrText)")
        #expect(
            flag.stdoutText == "[INST] Tell me how to optimize this LLVM-IR for object file size:\n\n<code>" + ir
                + "</code> [/INST]")
        try Self.expectGolden("flag-tuning.txt", flag.stdoutText)

        let assembly = try String(contentsOfFile: Self.fixtures + "/bits.s", encoding: .utf8)
        let disassembly = try Self.prompt(["disassembly", Self.fixtures + "/bits.s"])
        #expect(
            disassembly.stdoutText == "[INST] Disassemble this code to LLVM-IR:\n\n<code>" + assembly
                + "</code> [/INST]")
        try Self.expectGolden("disassembly.txt", disassembly.stdoutText)
    }

    /// A C file's disassembly prompt holds the protocol's -Oz code, as `dataset disassembly` makes it:
    /// clang-19's own -Oz pipeline under shipping, `module(default<Oz>)` under paper.
    @Test func disassemblyOfASourceIsTheDatasetsPrompt() throws {
        let directory = Fixtures.temporaryDirectory("prompt-disassembly")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = Fixtures.programs + "/09_bits.c"
        var prompts: [String] = []
        for measurementProtocol in ["shipping", "paper"] {
            let output = "\(directory)/\(measurementProtocol).jsonl"
            let made = try ProcessRunner.run(
                ProcessRequest(
                    Fixtures.passlabExecutable,
                    [
                        "dataset", "disassembly", input, "-o", output,
                        "--protocol", measurementProtocol, "--jobs", "1",
                    ],
                    timeout: 300))
            #expect(made.termination == .exited(0), "\(made.stderrText)")
            let records = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").compactMap {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }.compactMap { $0["prompt"] as? String }
            let prompt = try Self.prompt(["disassembly", input, "--protocol", measurementProtocol])
            #expect(prompt.termination == .exited(0), "\(prompt.stderrText)")
            #expect(records == [prompt.stdoutText], "\(measurementProtocol): the prompt differs from the dataset's")
            prompts.append(prompt.stdoutText)
        }
        #expect(prompts[0] != prompts[1])
    }

    @Test func emulationPromptsGiveTheMeasuredUnoptimizedSizes() throws {
        let ir = try String(contentsOfFile: Self.fixtures + "/bits.ll", encoding: .utf8)
        let result = try Self.prompt(["emulation-ir", Self.fixtures + "/bits.ll", "-p", "module(default<Oz>)"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        // Paper protocol, no passes: what `clang-19 -c` makes of the input (checked against llvm-size-19).
        let toolchain = try Toolchain.find()
        let directory = Fixtures.temporaryDirectory("prompt")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let compiled = try ProcessRunner.run(
            ProcessRequest(
                toolchain.clang, ["-c", Self.fixtures + "/bits.ll", "-o", directory + "/bits.o"], timeout: 120))
        #expect(compiled.termination.succeeded, "\(compiled.stderrText)")
        let size = try ProcessRunner.run(ProcessRequest(toolchain.llvmSize, [directory + "/bits.o"], timeout: 60))
        let fields = size.stdoutText.split(separator: "\n")[1].split(whereSeparator: { $0 == " " || $0 == "\t" })
        let binarySize = try #require(Int(fields[0])) + (try #require(Int(fields[1])))
        // Instructions are the lines indented by exactly two spaces (switch cases continue with four).
        let instructions = ir.split(separator: "\n").filter {
            $0.hasPrefix("  ") && !$0.hasPrefix("   ") && !$0.hasPrefix("  ;")
        }.count
        #expect(
            result.stdoutText
                == "[INST] Give the LLVM-IR for the following code when optimized using opt -p 'module(default<Oz>)':\n\n<code>"
                + ir
                + "</code>\n\nThe input code has instruction count \(instructions) and binary size \(binarySize) bytes. [/INST]"
        )
        try Self.expectGolden("emulation-ir.txt", result.stdoutText)

        let assembly = try Self.prompt(["emulation-asm", Self.fixtures + "/bits.ll", "-p", "function(sroa)"])
        #expect(
            assembly.stdoutText.hasPrefix(
                "[INST] Give the assembly for the following code when optimized using opt -p 'function(sroa)':\n\n<code>"
            ))
        try Self.expectGolden("emulation-asm.txt", assembly.stdoutText)
    }

    @Test func badInputsExit64WithTheFix() throws {
        let missing = try Self.prompt(["emulation-ir", Self.fixtures + "/bits.ll"])
        #expect(missing.termination == .exited(64))
        #expect(missing.stderrText.contains("needs the pipeline: -p"))
        let unknown = try Self.prompt(["emulation-ir", Self.fixtures + "/bits.ll", "-p", "function(notapass)"])
        #expect(unknown.termination == .exited(64))
        #expect(unknown.stderrText.contains("notapass"))
        let task = try Self.prompt(["summarize", Self.fixtures + "/bits.ll"])
        #expect(task.termination == .exited(64))
        let file = try Self.prompt(["flag-tuning", Self.fixtures + "/nothing-here.ll"])
        #expect(file.termination == .exited(64))
        #expect(file.stderrText.contains("nothing-here.ll: no such file"))
    }
}
