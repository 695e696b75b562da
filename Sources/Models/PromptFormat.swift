/// The prompts the released LLM Compiler models expect, byte for byte
/// (llm-compiler-facts.md, "Prompt formats"): one space before `[/INST]`,
/// code inside `<code>...</code>`, pass lists in `opt -p` syntax. The
/// tokenizer adds BOS, so the prompt text carries none.
///
/// Labels (the answers a model is trained to give) follow the paper's
/// description: the literal sentences were not published, so PassLab's
/// wording is its own, fixed here, and `ModelAnswer` parses both it and
/// the released models' answers tolerantly.
public enum PromptFormat {
    /// The four tasks a prompt can be made for.
    public enum Task: String, Sendable, CaseIterable, Codable {
        /// Compiler emulation to IR (`emulation-ir`): the label is the IR
        /// `opt -p LIST` gives, then its instruction count and binary size.
        case emulationIR = "emulation-ir"
        /// Compiler emulation to assembly (`emulation-asm`): the label is the
        /// assembly of that IR (`AssemblyLowering`) and the same two sizes.
        case emulationAssembly = "emulation-asm"
        /// Flag tuning (`flag-tuning`): the label is the pass list that gives
        /// the smallest object, or the sentence that none does.
        case flagTuning = "flag-tuning"
        /// Disassembly (`disassembly`): the prompt is assembly, the label the
        /// IR it was lowered from.
        case disassembly
    }

    /// Compiler emulation: the IR (or assembly) `passes` would produce from
    /// `ir`, whose unoptimized instruction count and binary size are given.
    public static func emulation(
        ir: String, passes: String, instructionCount: Int, binarySize: Int, assembly: Bool
    ) -> String {
        let target = assembly ? "assembly" : "LLVM-IR"
        return
            "[INST] Give the \(target) for the following code when optimized using opt -p '\(passes)':\n\n<code>\(ir)</code>\n\n"
            + "The input code has instruction count \(instructionCount) and binary size \(binarySize) bytes. [/INST]"
    }

    /// Flag tuning (the FTD models): the pass list for the smallest object.
    public static func flagTuning(ir: String) -> String {
        "[INST] Tell me how to optimize this LLVM-IR for object file size:\n\n<code>\(ir)</code> [/INST]"
    }

    /// Disassembly (the FTD models): assembly back to LLVM IR.
    public static func disassembly(assembly: String) -> String {
        "[INST] Disassemble this code to LLVM-IR:\n\n<code>\(assembly)</code> [/INST]"
    }

    /// The label of a compiler-emulation example: the optimized code, then
    /// its instruction count (of IR) and binary size.
    public static func emulationLabel(code: String, instructionCount: Int, binarySize: Int) -> String {
        "<code>\(code)</code>\n\nThe optimized code has instruction count \(instructionCount) and binary size \(binarySize) bytes."
    }

    /// The label of a flag-tuning example: the best list, the sizes before
    /// and after, and the optimized IR. When nothing beats the unoptimized
    /// size, a short message with that size (as the paper describes).
    public static func flagTuningLabel(
        pipeline: String?, unoptimizedBinarySize: Int, binarySize: Int, optimizedIR: String
    ) -> String {
        guard let pipeline, binarySize < unoptimizedBinarySize else {
            return "The input code cannot be made smaller: its binary size is \(unoptimizedBinarySize) bytes."
        }
        return
            "Run passes -p '\(pipeline)' to reduce the binary size from \(unoptimizedBinarySize) bytes to \(binarySize) bytes:\n\n"
            + "<code>\(optimizedIR)</code>"
    }

    /// The label of a disassembly example: the IR in a code block.
    public static func disassemblyLabel(ir: String) -> String {
        "<code>\(ir)</code>"
    }
}
