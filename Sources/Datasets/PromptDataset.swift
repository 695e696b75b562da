import CodeSize
import Foundation
import Models
import Support
import Toolchain

/// Datasets in the LLM Compiler models' prompt formats (`passlab dataset`):
/// JSON Lines, one example per line, prompts and labels exactly as
/// `PromptFormat` writes them, for fine-tuning and evaluation.
///
/// Every line of every task has the same keys with the same types, and no
/// `null`: Hugging Face `datasets` infers one schema per file, and a column
/// that is `null` throughout one file cannot be combined with the same
/// column holding integers in another, so files of different tasks load
/// together. Keys are sorted, so equal examples are equal bytes.
public enum PromptDataset {
    /// Format of the records and the resume files; a change that alters
    /// bytes for the same options bumps it (a partial file of another
    /// version is refused).
    public static let formatVersion = 1

    /// Default budgets, in tokens of `LlamaTokenCount.default`. Flag tuning:
    /// the paper's 15k prompt limit (modules over it are split per
    /// function). Disassembly: the paper's 8k prompt + 8k label.
    /// Emulation: the paper states none; PassLab uses 8k + 8k (the models'
    /// 16k context).
    public static func defaultPromptBudget(_ task: PromptFormat.Task) -> Int {
        task == .flagTuning ? 15_000 : 8_000
    }

    /// Flag tuning has no label budget by default (the paper gives none).
    public static func defaultLabelBudget(_ task: PromptFormat.Task) -> Int? {
        task == .flagTuning ? nil : 8_000
    }
}

/// Everything that decides a dataset's bytes. Stored next to a partial
/// file: a run with other settings must not continue it.
public struct PromptDatasetSettings: Sendable, Codable, Hashable {
    /// `PromptDataset.formatVersion` of the code that made the file; a
    /// partial file of another version is not continued.
    public var formatVersion = PromptDataset.formatVersion
    /// emulation-ir, emulation-asm, flag-tuning or disassembly.
    public var task: PromptFormat.Task
    /// The modules, in order (directories already expanded).
    public var inputs: [String]
    /// `--seed`: emulation's random lists and the code-base split; at most
    /// `Int.max`, since records carry it as a signed JSON integer.
    public var seed: UInt64
    /// Random lists per module (emulation).
    public var examplesPerModule: Int
    /// Prompt budget in tokens of `tokenCountMethod`'s counter: a longer
    /// prompt is skipped (`promptTooLong`) or split per function.
    public var maxPromptTokens: Int
    /// nil: no label budget.
    public var maxLabelTokens: Int?
    /// How every size in the dataset is measured (`--protocol`; the CLI's
    /// default is `paper`, what the released models were trained on).
    public var measurementProtocol: MeasurementProtocol
    /// The autotuning store (flag tuning).
    public var store: String?
    /// Code bases put in a split by hand (`--split-of NAME=SPLIT`).
    public var splitOverrides: [String: DatasetSplit]
    /// The token counter's `TokenCounter.method`: the real tokenizer and the
    /// estimate give other budgets, so they must not mix in one file.
    public var tokenCountMethod: String
    /// The LLVM version the catalog and the engine are built for
    /// (`PassCatalog.llvmVersion`).
    public var llvmVersion: String
    /// Seconds one evaluation may take (lists past it are excluded).
    public var timeout: Double

    /// Settings as `passlab dataset` assembles them from its options; nothing
    /// is checked here (`PromptDatasetGenerator.init` checks the seed and the
    /// store).
    public init(
        task: PromptFormat.Task, inputs: [String], seed: UInt64, examplesPerModule: Int, maxPromptTokens: Int,
        maxLabelTokens: Int?,
        measurementProtocol: MeasurementProtocol, store: String?, splitOverrides: [String: DatasetSplit],
        tokenCountMethod: String,
        llvmVersion: String, timeout: Double
    ) {
        self.task = task
        self.inputs = inputs
        self.seed = seed
        self.examplesPerModule = examplesPerModule
        self.maxPromptTokens = maxPromptTokens
        self.maxLabelTokens = maxLabelTokens
        self.measurementProtocol = measurementProtocol
        self.store = store
        self.splitOverrides = splitOverrides
        self.tokenCountMethod = tokenCountMethod
        self.llvmVersion = llvmVersion
        self.timeout = timeout
    }

    /// Names of the settings that differ from `other` (for the message that
    /// refuses to continue a partial file).
    public func differences(from other: PromptDatasetSettings) -> [String] {
        var names: [String] = []
        if formatVersion != other.formatVersion { names.append("format version") }
        if task != other.task { names.append("task (\(other.task.rawValue) vs \(task.rawValue))") }
        if inputs != other.inputs { names.append("inputs (\(other.inputs.count) vs \(inputs.count) modules)") }
        if seed != other.seed { names.append("--seed (\(other.seed) vs \(seed))") }
        if examplesPerModule != other.examplesPerModule { names.append("--examples-per-module") }
        if maxPromptTokens != other.maxPromptTokens || maxLabelTokens != other.maxLabelTokens {
            names.append("token budgets")
        }
        if measurementProtocol != other.measurementProtocol {
            names.append(
                "--protocol (\(other.measurementProtocol.name.rawValue) vs \(measurementProtocol.name.rawValue))")
        }
        if store != other.store { names.append("--db") }
        if splitOverrides != other.splitOverrides { names.append("--split-of") }
        if tokenCountMethod != other.tokenCountMethod { names.append("token counter") }
        if llvmVersion != other.llvmVersion { names.append("LLVM version") }
        if timeout != other.timeout { names.append("--timeout") }
        return names
    }
}

/// One example: one line of the JSONL file.
public struct PromptDatasetRecord: Sendable, Codable, Hashable {
    /// Stable within a dataset: task, module hash, function, index.
    public var id: String
    /// emulation-ir, emulation-asm, flag-tuning or disassembly.
    public var task: String
    /// Exactly `PromptFormat`'s prompt (no BOS; the tokenizer adds it).
    public var prompt: String
    /// Exactly `PromptFormat`'s label.
    public var label: String
    /// The module's path as given.
    public var input: String
    /// The function this example was split to ("" for a whole module).
    public var function: String
    /// SHA-256 of the module's IR (as autotune stores it; of the piece's IR
    /// for a split function).
    public var contentHash: String
    /// The input's code base: its parent directory's name
    /// (`CodeBaseSplit.codeBase(of:)`).
    public var codeBase: String
    /// `train`, `validation` or `test`: the code base's `DatasetSplit`.
    public var split: String
    /// shipping or paper.
    public var measurementProtocol: String
    /// Everything in the protocol ("paper|O0|pic|x86_64-unknown-linux-gnu").
    public var protocolKey: String
    /// The LLVM version that measured the example (`PassCatalog.llvmVersion`).
    public var llvmVersion: String
    /// The dataset's `--seed` (the same on every line of a file).
    public var seed: Int
    /// The pass list of the example: emulation's random list, flag tuning's
    /// label list ("" when the code cannot be made smaller), disassembly's -Oz.
    public var pipeline: String
    /// Tokens of `prompt` (BOS included), as `tokenCountMethod` counts.
    public var promptTokens: Int
    /// Tokens of `label` (BOS included), as `tokenCountMethod` counts.
    public var labelTokens: Int
    /// How the token counts were made (`TokenCounter.method`).
    public var tokenCountMethod: String
    /// Of the module before any pass.
    public var unoptimizedInstructionCount: Int
    /// Bytes of text + data (Berkeley) of the module's object with no IR
    /// passes, under the protocol.
    public var unoptimizedBinarySize: Int
    /// Of the module after `pipeline`.
    public var instructionCount: Int
    /// Bytes of text + data of the object after `pipeline`, under the
    /// protocol (the size the label states).
    public var binarySize: Int
    /// The protocol's -Oz reference (clang-19's -Oz pipeline under
    /// shipping, `module(default<Oz>)` under paper), as autotune compares.
    public var ozBinarySize: Int

    enum CodingKeys: String, CodingKey {
        case id, task, prompt, label, input, function, contentHash, codeBase, split, measurementProtocol = "protocol",
            protocolKey, llvmVersion,
            seed, pipeline, promptTokens, labelTokens, tokenCountMethod, unoptimizedInstructionCount,
            unoptimizedBinarySize, instructionCount,
            binarySize, ozBinarySize
    }

    /// The record as one JSON line (sorted keys, newline-terminated).
    public func jsonLine() throws -> [UInt8] {
        Array(try Self.encoder.encode(self)) + [UInt8(ascii: "\n")]
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// Why an example (or a module) gave no line. Each is counted in the summary.
public enum DatasetSkipReason: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    /// The pass list crashed LLVM (contained in a worker).
    case crashed
    /// The pass list ran past --timeout.
    case timedOut
    /// The worker could not measure (e.g. the pipeline was rejected).
    case failed
    /// The module could not be read or compiled to IR.
    case unreadable
    /// The prompt is over the token budget.
    case promptTooLong
    /// The label is over the token budget.
    case labelTooLong
    /// clang-19 -S failed on the IR.
    case loweringFailed
    /// Flag tuning: the module is not in the store.
    case notInStore
    /// Flag tuning: the module is in the store, but has no -Oz measurement
    /// under this protocol (it was autotuned under another one).
    case notTunedUnderProtocol
    /// Flag tuning: the prompt is over the budget and the module's
    /// functions were not autotuned (`passlab split`, then autotune them).
    case splitNotTuned
    /// Flag tuning: a function of a split module is not in the store.
    case pieceNotInStore
    /// Flag tuning: measuring the label's list again gave another size than
    /// the store holds (a store made with another build?).
    case storeSizeMismatch

    /// Declaration order, so summaries list reasons the same way every time.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What one module gave: its lines and what was skipped.
public struct ModuleExamples: Sendable, Codable {
    /// The module's path as given (one of the settings' `inputs`).
    public var input: String
    /// Its lines, in the order they are written (per function when split).
    public var records: [PromptDatasetRecord]
    /// Examples (or modules) that gave no line, per reason.
    public var skipped: [DatasetSkipReason: Int]
    /// Flag tuning: labels that fell back to -Oz (or "cannot be made
    /// smaller") while the store holds a smaller list not validated (yet).
    public var unvalidatedBetter: Int
    /// Lines for the user (why a module was skipped).
    public var notes: [String]

    /// A module's outcome; empty but for `input` by default.
    public init(
        input: String, records: [PromptDatasetRecord] = [], skipped: [DatasetSkipReason: Int] = [:],
        unvalidatedBetter: Int = 0,
        notes: [String] = []
    ) {
        self.input = input
        self.records = records
        self.skipped = skipped
        self.unvalidatedBetter = unvalidatedBetter
        self.notes = notes
    }

    mutating func skip(_ reason: DatasetSkipReason, count: Int = 1) {
        guard count > 0 else { return }
        skipped[reason, default: 0] += count
    }

    mutating func absorb(_ other: ModuleExamples) {
        records += other.records
        for (reason, count) in other.skipped { skip(reason, count: count) }
        unvalidatedBetter += other.unvalidatedBetter
        notes += other.notes
    }
}

/// The outcome of `passlab dataset`.
public struct PromptDatasetSummary: Sendable, Codable {
    /// The JSONL file written (`-o`).
    public var output: String
    /// The task's raw value (`emulation-ir`, `flag-tuning`, ...).
    public var task: String
    /// The protocol's name, `paper` or `shipping`.
    public var measurementProtocol: String
    /// The whole protocol as stores key it (`MeasurementProtocol.storeKey`).
    public var protocolKey: String
    /// The LLVM version the examples were measured with.
    public var llvmVersion: String
    /// The run's `--seed`.
    public var seed: UInt64
    /// Modules in the file (resumed ones included).
    public var modules: Int
    /// Modules read back from a partial file (not made again).
    public var modulesResumed: Int
    /// Examples in the file, per task.
    public var examples: [String: Int]
    /// Examples per split.
    public var splits: [String: Int]
    /// Code bases per split.
    public var codeBases: [String: [String]]
    /// Examples (or modules) that gave no line, per `DatasetSkipReason` raw value.
    public var skipped: [String: Int]
    /// Flag-tuning labels that fell back while the store holds a smaller
    /// list never validated (see `ModuleExamples.unvalidatedBetter`).
    public var unvalidatedBetter: Int
    /// Seconds of this run, and examples made per second in it.
    public var seconds: Double
    /// Examples made by this run (resumed modules' examples not counted).
    public var examplesMadeThisRun: Int
    /// `examplesMadeThisRun` / `seconds` (0 for a run of no time).
    public var examplesPerSecond: Double
    /// How prompt and label tokens were counted (`TokenCounter.method`).
    public var tokenCountMethod: String
    /// How assembly was made (asm tasks).
    public var assemblyCommand: String?
    /// What to run to get the skipped examples (autotune the modules that
    /// are not in the store, split and autotune the long ones, ...).
    public var hints: [String]
}

/// Errors that stop `passlab dataset`; each names the file or value and the fix.
public enum PromptDatasetError: UserFacingError, CustomStringConvertible {
    /// User mistakes (exit 64).
    case usage(String)
    /// Bad data (exit 65).
    case badData(String)
    /// The output cannot be written (exit 73, as every output).
    case cannotWrite(AtomicFile.Error)

    /// The message alone: it names the file or value and the fix.
    public var description: String {
        switch self {
        case .usage(let message), .badData(let message): message
        case .cannotWrite(let error): error.description
        }
    }

    /// 64 (`EX_USAGE`), 65 (`EX_DATAERR`), or the write error's own code
    /// (73, `EX_CANTCREAT`, for an output).
    public var exitCode: Int32 {
        switch self {
        case .usage: 64
        case .badData: 65
        case .cannotWrite(let error): error.exitCode
        }
    }
}
