import ArgumentParser
import CodeSize
import Datasets
import Evaluation
import Foundation
import Models
import Pipelines
import Store
import Toolchain

struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Datasets in the LLM Compiler models' prompt formats (JSONL: prompt, label, sizes; splits by code base).",
        discussion: """
        One example per line, the same keys and types on every line of every task (no nulls), prompts and labels \
        exactly as `passlab prompt` and the models' formats have them. Default protocol: paper (codegen O0, PIC: the sizes the \
        released models were trained on); --protocol shipping for codegen O2. Code bases (an input's parent directory) \
        go wholly to train (~80%), validation (~10%) or test (~10%) by a seeded hash. Written to OUT.partial as it goes: \
        after Ctrl-C or a kill, run the same command again to resume; OUT appears only when complete.

        Example: passlab dataset emulation dev-corpus --output emulation.jsonl
        """,
        subcommands: [EmulationDatasetCommand.self, FlagTuningDatasetCommand.self, DisassemblyDatasetCommand.self]
    )
}

/// What every dataset command takes.
struct DatasetOptions: ParsableArguments {
    @Argument(help: "Programs (.c/.cpp/.ll/.bc) or directories (searched recursively, in sorted order).")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The JSONL file to write (OUT.partial and OUT.partial.json while it is being made).")
    var output: String

    @Option(help: "Seed of every random choice (emulation's lists, the code-base split), 0 to 2^63-1.")
    var seed: UInt64 = 1

    @Option(help: "Prompt budget in tokens (default: 15,000 for flag tuning, the paper's; 8,000 otherwise). Longer examples are skipped and counted; flag tuning splits them per function.")
    var maxTokens: Int?

    @Option(help: "Label budget in tokens (default: 8,000 for emulation and disassembly; none for flag tuning; 0: none).")
    var maxLabelTokens: Int?

    @Option(name: .customLong("protocol"), help: "paper (default: codegen O0, PIC, what the released models were trained on) or shipping (codegen O2, PIC).")
    var protocolName: ProtocolName = .paper

    @Option(name: .customLong("split-of"), help: "Put a code base in a split by hand: NAME=train|validation|test (repeatable).")
    var splitOf: [String] = []

    @OptionGroup var engine: EngineOptions

    @Flag(help: "Also print the summary as JSON on standard output.")
    var json = false

    func validate() throws {
        guard seed <= UInt64(Int64.max) else { throw ValidationError("--seed \(seed): give a seed from 0 to \(Int64.max)") }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1, got \(maxTokens)") }
        if let maxLabelTokens, maxLabelTokens < 0 { throw ValidationError("--max-label-tokens must be 0 (no budget) or more, got \(maxLabelTokens)") }
        for text in splitOf where CodeBaseSplit.parseOverride(text) == nil {
            throw ValidationError("--split-of '\(text)': write CODEBASE=train, CODEBASE=validation or CODEBASE=test")
        }
    }

    /// Runs the generator for `task` and prints the summary.
    func run(task: PromptFormat.Task, examplesPerModule: Int = 1, store storePath: String? = nil) throws {
        reportingErrors {
            do {
                try generate(task: task, examplesPerModule: examplesPerModule, storePath: storePath)
            } catch PromptDatasetError.cannotWrite(let error) {
                throw error
            } catch let error as PromptDatasetError {
                throw error.exitCode == 64 ? MeasureError.usage(error.description) : MeasureError.badInput(error.description)
            }
        }
    }

    private func generate(task: PromptFormat.Task, examplesPerModule: Int, storePath: String?) throws {
        var files: [String] = []
        var seen = Set<String>()
        for file in try ProgramDiscovery.programs(in: inputs) where seen.insert(file).inserted { files.append(file) }
        guard !files.isEmpty else {
            throw MeasureError.usage("no programs in \(inputs.joined(separator: ", ")); give .c/.cpp/.ll/.bc files or directories")
        }
        var store: ResultStore?
        if let storePath = try storePath.map({ try StoreLocation(parsing: $0).sqlitePath(command: "passlab dataset") }) {
            guard FileManager.default.fileExists(atPath: storePath) else {
                throw MeasureError.usage("--db \(storePath): no such results store; make it with `passlab autotune INPUTS --db \(storePath) --protocol \(protocolName.rawValue)`")
            }
            store = try ResultStore(path: storePath)
        }
        let overrides = Dictionary(splitOf.compactMap(CodeBaseSplit.parseOverride).map { ($0.codeBase, $0.split) }) { _, last in last }
        let labelBudget = maxLabelTokens.map { $0 == 0 ? nil : $0 } ?? PromptDataset.defaultLabelBudget(task)
        let tokenCounter = LlamaTokenCount.default
        let settings = PromptDatasetSettings(task: task, inputs: files, seed: seed, examplesPerModule: examplesPerModule,
                                             maxPromptTokens: maxTokens ?? PromptDataset.defaultPromptBudget(task), maxLabelTokens: labelBudget,
                                             measurementProtocol: MeasurementProtocol(protocolName), store: storePath, splitOverrides: overrides,
                                             tokenCountMethod: tokenCounter.method, llvmVersion: PassCatalog.llvmVersion, timeout: engine.timeout)
        let generator = try PromptDatasetGenerator(settings: settings, engine: try engine.makeEngine(), store: store,
                                                   toolchain: try Toolchain.find(), tokenCounter: tokenCounter)
        let stop = StopSignal()
        stop.install(notice: "stopping after the modules in flight (Ctrl-C again to quit at once; a later run redoes them)...")
        let display = ProgressReporter()
        let summary: PromptDatasetSummary
        do {
            summary = try generator.run(output: output, width: 2 * engine.jobs, stop: stop) { line in
                if line.hasPrefix("[") { display.status(line) } else { display.line(line) }
            }
        } catch let interrupted as PromptDatasetGenerator.Interrupted {
            display.line("passlab: \(interrupted)")
            throw ExitCode(130)
        }
        display.line("")
        FileHandle.standardError.write(Data(Self.text(summary).utf8))
        if json { try printJSON(summary, measuredUnder: settings.measurementProtocol) }
    }

    static func text(_ summary: PromptDatasetSummary) -> String {
        let total = summary.examples.values.reduce(0, +)
        let splits = DatasetSplit.allCases.map { "\($0.rawValue) \(summary.splits[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        let codeBases = DatasetSplit.allCases.compactMap { split in
            summary.codeBases[split.rawValue].map { "\(split.rawValue): \($0.joined(separator: ", "))" }
        }.joined(separator: "; ")
        let skipped = summary.skipped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var lines = [
            "\(summary.output): \(total) \(summary.task) examples (\(splits)) from \(summary.modules) modules"
                + (summary.modulesResumed > 0 ? " (\(summary.modulesResumed) resumed)" : ""),
            "protocol \(summary.measurementProtocol) (store key \(summary.protocolKey)), LLVM \(summary.llvmVersion), seed \(summary.seed)",
            "code bases: \(codeBases)",
            "skipped: \(skipped.isEmpty ? "none" : skipped)",
            String(format: "time: %.1f s, %d examples made, %.2f examples/s", summary.seconds, summary.examplesMadeThisRun, summary.examplesPerSecond),
            "tokens: \(summary.tokenCountMethod)",
        ]
        if let command = summary.assemblyCommand { lines.append("assembly: \(command)") }
        lines += summary.hints.map { "hint: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}

struct EmulationDatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulation",
        abstract: "Compiler emulation: random lists of 1-50 catalog passes; the label is the resulting IR (or assembly) and its sizes.",
        discussion: """
        Per module, --examples-per-module lists (length uniform in 1-50, passes uniform over the catalog), seeded by --seed \
        and the module's content. Lists that crash LLVM or pass --timeout are excluded and counted. The prompt gives the \
        unoptimized module's instruction count and binary size under --protocol; --target asm labels carry clang-19 -S \
        assembly of the optimized IR.

        Example: passlab dataset emulation dev-corpus --output emulation.jsonl --examples-per-module 2
        """
    )

    enum Target: String, ExpressibleByArgument, CaseIterable { case ir, asm }

    @OptionGroup var options: DatasetOptions

    @Option(help: "Random pass lists per module.")
    var examplesPerModule: Int = 4

    @Option(help: "ir (label: optimized LLVM IR) or asm (label: its assembly).")
    var target: Target = .ir

    func validate() throws {
        guard examplesPerModule >= 1 else { throw ValidationError("--examples-per-module must be at least 1, got \(examplesPerModule)") }
    }

    func run() throws {
        try options.run(task: target == .ir ? .emulationIR : .emulationAssembly, examplesPerModule: examplesPerModule)
    }
}

struct FlagTuningDatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flag-tuning",
        abstract: "Flag tuning: the label is the autotuner's best validated list, the sizes and the optimized IR.",
        discussion: """
        Labels come from an autotuning store (--db, made by `passlab autotune`) under --protocol: the smallest list that \
        passed PassListEval, or module(default<Oz>), or no passes ("cannot be made smaller"); lists never validated or \
        that failed are never labels. Modules whose prompt is over --max-tokens are split per function when the store \
        holds the functions (`passlab split FILE.ll -o DIR`, then autotune DIR); otherwise skipped and counted.

        Example: passlab dataset flag-tuning dev-corpus --db results.sqlite --output flag-tuning.jsonl
        """
    )

    @OptionGroup var options: DatasetOptions

    @Option(help: "The autotuning store (SQLite) the labels come from.")
    var db: String

    func run() throws {
        try options.run(task: .flagTuning, store: db)
    }
}

struct DisassemblyDatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disassembly",
        abstract: "Disassembly: the prompt is the -Oz module's clang-19 -S assembly, the label its IR.",
        discussion: """
        The -Oz IR (clang-19's own -Oz pipeline under shipping, module(default<Oz>) under paper) is lowered by clang-19 \
        itself: `clang-19 -S -xir - -o -` under paper (clang's default for IR: codegen O0), `clang-19 -S -O2 -Xclang \
        -disable-llvm-passes -xir - -o -` under shipping. Examples over 8k prompt or 8k label tokens are skipped and counted.

        Example: passlab dataset disassembly dev-corpus --output disassembly.jsonl
        """
    )

    @OptionGroup var options: DatasetOptions

    func run() throws {
        try options.run(task: .disassembly)
    }
}
