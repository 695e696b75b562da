import ArgumentParser
import CodeSize
import Datasets
import Engine
import Foundation
import Models
import Pipelines
import Store
import Toolchain

/// What every dataset command takes.
struct DatasetOptions: ParsableArguments {
    @Argument(help: "Programs (.c/.cpp/.ll/.bc) or directories (searched recursively, in sorted order).")
    var inputs: [String]

    @Option(
        name: .shortAndLong, help: "The JSONL file to write (OUT.partial and OUT.partial.json while it is being made).")
    var output: String

    @Option(help: "Seed of every random choice (emulation's lists, the code-base split), 0 to 2^63-1.")
    var seed: UInt64 = 1

    @Option(
        help:
            "Prompt budget in tokens (default: 15,000 for flag tuning, the paper's; 8,000 otherwise). Longer examples are skipped and counted; flag tuning splits them per function."
    )
    var maxTokens: Int?

    @Option(
        help: "Label budget in tokens (default: 8,000 for emulation and disassembly; none for flag tuning; 0: none).")
    var maxLabelTokens: Int?

    @Option(
        name: .customLong("protocol"),
        help:
            "paper (default: codegen O0, PIC, what the released models were trained on) or shipping (codegen O2, PIC).")
    var protocolName: ProtocolName = .paper

    @Option(
        name: .customLong("split-of"),
        help: "Put a code base in a split by hand: NAME=train|validation|test (repeatable).")
    var splitOf: [String] = []

    @OptionGroup var engine: EngineOptions

    @Flag(help: "Also print the summary as JSON on standard output.")
    var json = false

    func validate() throws {
        guard seed <= UInt64(Int64.max) else {
            throw ValidationError("--seed \(seed): give a seed from 0 to \(Int64.max)")
        }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1, got \(maxTokens)") }
        if let maxLabelTokens, maxLabelTokens < 0 {
            throw ValidationError("--max-label-tokens must be 0 (no budget) or more, got \(maxLabelTokens)")
        }
        for text in splitOf where CodeBaseSplit.parseOverride(text) == nil {
            throw ValidationError("--split-of '\(text)': write CODEBASE=train, CODEBASE=validation or CODEBASE=test")
        }
    }

    /// Runs the generator for `task` and prints the summary.
    func run(task: PromptFormat.Task, examplesPerModule: Int = 1, store storePath: String? = nil) throws {
        reportingErrors {
            try generate(task: task, examplesPerModule: examplesPerModule, storePath: storePath)
        }
    }

    private func generate(task: PromptFormat.Task, examplesPerModule: Int, storePath: String?) throws {
        var files: [String] = []
        var seen = Set<String>()
        for file in try ProgramDiscovery.programs(in: inputs) where seen.insert(file).inserted { files.append(file) }
        guard !files.isEmpty else {
            throw MeasureError.usage(
                "no programs in \(inputs.joined(separator: ", ")); give .c/.cpp/.ll/.bc files or directories")
        }
        var store: ResultStore?
        if let storePath = try storePath.map({ try StoreLocation(parsing: $0).sqlitePath(command: "passlab dataset") })
        {
            guard FileManager.default.fileExists(atPath: storePath) else {
                throw MeasureError.usage(
                    "--db \(storePath): no such results store; make it with `passlab autotune INPUTS --db \(storePath) --protocol \(protocolName.rawValue)`"
                )
            }
            store = try ResultStore(path: storePath)
        }
        let overrides = Dictionary(splitOf.compactMap(CodeBaseSplit.parseOverride).map { ($0.codeBase, $0.split) }) {
            _, last in last
        }
        let labelBudget = maxLabelTokens.map { $0 == 0 ? nil : $0 } ?? PromptDataset.defaultLabelBudget(task)
        let tokenCounter = LlamaTokenCount.default
        let settings = PromptDatasetSettings(
            task: task, inputs: files, seed: seed, examplesPerModule: examplesPerModule,
            maxPromptTokens: maxTokens ?? PromptDataset.defaultPromptBudget(task), maxLabelTokens: labelBudget,
            measurementProtocol: MeasurementProtocol(protocolName), store: storePath, splitOverrides: overrides,
            tokenCountMethod: tokenCounter.method, llvmVersion: PassCatalog.llvmVersion, timeout: engine.timeout)
        let generator = try PromptDatasetGenerator(
            settings: settings, engine: try engine.makeEngine(freshWorkers: true), store: store,
            toolchain: try Toolchain.find(), tokenCounter: tokenCounter)
        let stop = StopSignal()
        stop.install(
            notice: "stopping after the modules in flight (Ctrl-C again to quit at once; a later run redoes them)...")
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
        let splits = DatasetSplit.allCases.map { "\($0.rawValue) \(summary.splits[$0.rawValue] ?? 0)" }.joined(
            separator: ", ")
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
            String(
                format: "time: %.1f s, %d examples made, %.2f examples/s", summary.seconds, summary.examplesMadeThisRun,
                summary.examplesPerSecond),
            "tokens: \(summary.tokenCountMethod)",
        ]
        if let command = summary.assemblyCommand { lines.append("assembly: \(command)") }
        lines += summary.hints.map { "hint: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
