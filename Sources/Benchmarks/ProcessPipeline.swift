import CodeSize
import Foundation
import Toolchain

/// The reference measurement with LLVM's own tools, exactly as the paper's
/// Listing 1 (paper protocol: `opt-19 -p P in.ll -o y.bc`, `clang-19 -c
/// y.bc`, `llvm-size-19`) or as shipped code is built (shipping protocol:
/// `opt-19 -relocation-model=pic -p P`, then `llc-19 -O2
/// -relocation-model=pic -filetype=obj`, then `llvm-size-19`). The
/// relocation model given to opt matters: rel-lookup-table-converter only
/// runs for PIC, as it does inside `clang -Oz -c`.
public enum ProcessPipeline {
    /// The sizes `llvm-size-19 -B` printed for the object, in bytes, and the
    /// instruction count of the optimized IR.
    public struct Measurement: Sendable, Hashable {
        /// Bytes in the Berkeley `text` column (code and read-only data).
        public var text: Int
        /// Bytes in the Berkeley `data` column (initialized writable data).
        public var data: Int
        /// Bytes in the Berkeley `bss` column (zero-initialized; not in `binarySize`).
        public var bss: Int
        /// `text + data`: the paper's binary size, as the engine's
        /// `SizeMeasurement.binarySize`.
        public var binarySize: Int { text + data }
        /// Instructions in `opt-19 -S` output after the pipeline (the first
        /// opt's bitcode, disassembled by llvm-dis-19); -1 when not counted.
        public var instructionCount: Int
    }

    /// The commands, as data (tests assert them, the benchmark runs them).
    ///
    /// `clang -c` on IR compiles for clang's default target, not the
    /// module's, so the module's triple is passed with `--target`.
    public static func commands(
        input: String, pipeline: String, measurementProtocol: MeasurementProtocol, toolchain: Toolchain,
        scratch: String, moduleTriple: String?
    ) -> [ProcessRequest] {
        let optimized = scratch + ".bc", object = scratch + ".o"
        let optReloc =
            measurementProtocol.passRelocationModel == .default
            ? [] : ["-relocation-model=\(measurementProtocol.passRelocationModel.rawValue)"]
        let optArguments = optReloc + (pipeline.isEmpty ? [] : ["-p", pipeline]) + [input, "-o", optimized]
        // The shipping protocol's always-inliner runs in a second opt, after
        // the first has written the IR whose instructions are counted.
        let finalization = measurementProtocol.optFinalizationPipeline
        let lowered = finalization == nil ? optimized : scratch + ".final.bc"
        let reloc =
            measurementProtocol.reloc == .default ? [] : ["-relocation-model=\(measurementProtocol.reloc.rawValue)"]
        // clang's default is PIE on Linux but static on bare-metal triples:
        // say which. (-fPIC and the default PIE give identical x86-64 objects.)
        let clangReloc = ["pic": ["-fPIC"], "static": ["-fno-pic"]][measurementProtocol.reloc.rawValue] ?? []
        let lower: ProcessRequest =
            measurementProtocol.runsClangO0Pipeline
            ? ProcessRequest(
                toolchain.clang,
                ["-c", optimized, "-o", object] + (moduleTriple.map { ["--target=\($0)"] } ?? []) + clangReloc)
            : ProcessRequest(
                toolchain.llc,
                ["-\(measurementProtocol.codeGen.rawValue)"] + reloc + ["-filetype=obj", lowered, "-o", object])
        let finalize = finalization.map {
            ProcessRequest(toolchain.opt, optReloc + ["-p", $0, optimized, "-o", lowered])
        }
        return [ProcessRequest(toolchain.opt, optArguments)] + (finalize.map { [$0] } ?? []) + [
            lower, ProcessRequest(toolchain.llvmSize, ["-B", object]),
        ]
    }

    /// A step that failed: the command line and what it printed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The command line that failed, words joined by spaces.
        public var command: String
        /// Its exit status and the last 500 bytes of its standard error (or
        /// what could not be parsed).
        public var output: String
        /// "`COMMAND` failed: OUTPUT".
        public var description: String { "`\(command)` failed: \(output)" }
    }

    /// Runs the commands (three, or four with the shipping protocol's
    /// always-inline opt), and `llvm-dis-19` to count instructions when
    /// `countInstructions` (the count is -1 otherwise). `scratch` is a path
    /// prefix for the intermediate files, removed afterwards.
    public static func measure(
        file: String, pipeline: String, measurementProtocol: MeasurementProtocol, toolchain: Toolchain,
        scratch: String, countInstructions: Bool = true
    ) -> Result<Measurement, Failure> {
        let steps = commands(
            input: file, pipeline: pipeline, measurementProtocol: measurementProtocol, toolchain: toolchain,
            scratch: scratch,
            moduleTriple: targetTriple(ofIRFile: file))
        defer {
            try? FileManager.default.removeItem(atPath: scratch + ".bc")
            try? FileManager.default.removeItem(atPath: scratch + ".final.bc")
            try? FileManager.default.removeItem(atPath: scratch + ".ll")
            try? FileManager.default.removeItem(atPath: scratch + ".o")
        }
        var last: ProcessResult?
        var instructionCount = -1
        for (index, step) in steps.enumerated() {
            let command = ([step.executable] + step.arguments).joined(separator: " ")
            let result: ProcessResult
            do {
                result = try ProcessRunner.run(step)
            } catch {
                return .failure(Failure(command: command, output: "\(error)"))
            }
            guard result.termination.succeeded else {
                return .failure(
                    Failure(command: command, output: "\(result.termination): " + String(result.stderrText.suffix(500)))
                )
            }
            if index == 0 && countInstructions {
                let disassemble = ProcessRequest(toolchain.llvmDis, [scratch + ".bc", "-o", scratch + ".ll"])
                guard (try? ProcessRunner.run(disassemble))?.termination.succeeded == true,
                    let text = try? String(contentsOfFile: scratch + ".ll", encoding: .utf8)
                else {
                    return .failure(Failure(command: "llvm-dis-19 \(scratch).bc", output: "could not disassemble"))
                }
                instructionCount = Self.countInstructions(inTextualIR: text)
            }
            last = result
        }
        guard let sizes = last.flatMap({ parseBerkeley($0.stdoutText) }) else {
            return .failure(Failure(command: "llvm-size-19", output: last?.stdoutText ?? ""))
        }
        return .success(
            Measurement(text: sizes.text, data: sizes.data, bss: sizes.bss, instructionCount: instructionCount))
    }

    /// The `target triple = "..."` of a textual IR file, nil for bitcode.
    public static func targetTriple(ofIRFile path: String) -> String? {
        guard path.hasSuffix(".ll"), let text = try? String(contentsOfFile: path, encoding: .utf8),
            let range = text.range(of: "target triple = \"")
        else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Parses `llvm-size -B` output: header line, then "text data bss dec hex file".
    public static func parseBerkeley(_ output: String) -> (text: Int, data: Int, bss: Int)? {
        let lines = output.split(separator: "\n")
        guard lines.count >= 2 else { return nil }
        let fields = lines[1].split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 3, let text = Int(fields[0]), let data = Int(fields[1]), let bss = Int(fields[2]) else {
            return nil
        }
        return (text, data, bss)
    }

    /// Counts instructions in textual IR as LLVM prints it: inside a
    /// function body every instruction starts at exactly two spaces; labels
    /// start in column 0, and continuation lines (switch cases, `to label`
    /// of invoke, landingpad clauses) are indented further or start with ']'.
    public static func countInstructions(inTextualIR text: String) -> Int {
        var count = 0
        var inBody = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("define ") { inBody = true; continue }
            guard inBody else { continue }
            if line.hasPrefix("}") { inBody = false; continue }
            let bytes = line.utf8
            guard bytes.count > 2, line.hasPrefix("  ") else { continue }
            let third = bytes[bytes.index(bytes.startIndex, offsetBy: 2)]
            if third != UInt8(ascii: " ") && third != UInt8(ascii: "]") && third != UInt8(ascii: ";") { count += 1 }
        }
        return count
    }
}
