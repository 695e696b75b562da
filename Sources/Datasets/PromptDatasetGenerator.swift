import CodeSize
import Engine
import Foundation
import LLVMBridge
import Models
import Pipelines
import Store
import Support
import Toolchain

/// Makes the examples of a prompt-format dataset, module by module, and
/// writes them resumably (see `PartialDatasetFile`).
///
/// - Emulation: per module, `examplesPerModule` random lists (length
///   uniform in 1...50, passes uniform over the catalog), drawn from a
///   generator seeded by the seed and the module's content hash, so a
///   module's examples do not depend on the other inputs. Lists that crash
///   LLVM or time out are excluded and counted. The prompt gives the
///   unoptimized module's instruction count and binary size under the
///   protocol; the label the code after the list and its sizes.
/// - Flag tuning: the label is the smallest list in the autotuning store
///   that passed PassListEval, or LLVM's own `module(default<Oz>)`, or no
///   passes at all ("cannot be made smaller"); a list never validated, or
///   one that failed, is never a label.
/// - Disassembly: the -Oz IR is the label, its assembly (`AssemblyLowering`)
///   the prompt.
public final class PromptDatasetGenerator: @unchecked Sendable {
    /// Everything that decides the dataset's bytes; stored with a partial file.
    public let settings: PromptDatasetSettings
    let engine: EvaluationEngine
    let store: ResultStore?
    let verdicts: VerdictLookup?
    let lowering: AssemblyLowering?
    let tokenCounter: any TokenCounter
    let splits: CodeBaseSplit

    /// LLVM's own -Oz pipeline: always a candidate label for flag tuning
    /// (it is the reference, and a catalog entry a model can name).
    static let defaultOz = PassCatalog.paperOz

    /// The run was stopped (Ctrl-C); finished modules are in the partial file.
    public struct Interrupted: Error, CustomStringConvertible {
        /// Modules whose examples are in the partial file (resumed ones included).
        public var modulesFinished: Int
        /// Modules the dataset has in all.
        public var modules: Int
        /// `OUT.partial`, kept for the next run to continue.
        public var partialPath: String
        /// What was kept and that the same command resumes it.
        public var description: String {
            "interrupted after \(modulesFinished) of \(modules) modules; their examples are in \(partialPath): run the same command again to resume"
        }
    }

    /// A generator measuring with `engine` under the settings' protocol;
    /// `store` (required for flag tuning) supplies labels, `toolchain` the
    /// clang-19 that lowers assembly. Throws `PromptDatasetError.usage` for a
    /// seed over `Int.max` or flag tuning without a store.
    public init(
        settings: PromptDatasetSettings, engine: EvaluationEngine, store: ResultStore?, toolchain: Toolchain,
        tokenCounter: any TokenCounter = LlamaTokenCount.default
    ) throws {
        guard Int(exactly: settings.seed) != nil else {
            throw PromptDatasetError.usage(
                "--seed \(settings.seed): give a seed from 0 to \(Int.max) (JSON readers take 64-bit signed integers)")
        }
        if settings.task == .flagTuning, store == nil {
            throw PromptDatasetError.usage(
                "flag-tuning labels come from an autotuning store: give it with --db PATH "
                    + "(made by `passlab autotune INPUTS --db PATH --protocol \(settings.measurementProtocol.name.rawValue)`)"
            )
        }
        self.settings = settings
        self.engine = engine
        self.store = store
        self.verdicts = store.map { VerdictLookup(store: $0, measurementProtocol: settings.measurementProtocol) }
        let needsAssembly = settings.task == .emulationAssembly || settings.task == .disassembly
        self.lowering =
            needsAssembly
            ? AssemblyLowering(
                toolchain: toolchain, measurementProtocol: settings.measurementProtocol,
                timeout: settings.timeout) : nil
        self.tokenCounter = tokenCounter
        self.splits = CodeBaseSplit(seed: settings.seed, overrides: settings.splitOverrides)
    }

    /// The command that makes the assembly of asm tasks (nil otherwise).
    public var assemblyCommand: String? { lowering?.commandDescription }

    // MARK: - Running

    /// Makes every module's examples in input order, appending them to
    /// `output + ".partial"`, and renames it to `output` at the end. Modules
    /// already complete in a partial file of the same settings are kept.
    /// `width` modules are in flight at once; results are written in order.
    /// Throws `Interrupted` when `stop` ends the run early (the partial
    /// file is kept for the next run), and mostly `PromptDatasetError` when
    /// the files cannot be opened, resumed or written.
    public func run(
        output: String, width: Int, stop: StopSignal?, report: @escaping @Sendable (String) -> Void
    ) throws -> PromptDatasetSummary {
        let started = Date()
        let file = try PartialDatasetFile(output: output, settings: settings)
        let total = settings.inputs.count
        if file.continuesEarlierRun {
            report("resuming \(file.partialPath): \(file.resumed) of \(total) modules already done")
        }
        var madeThisRun = 0
        let work = OrderedWork<ModuleExamples>(range: file.resumed..<total, window: max(4, 4 * width))
        work.start(width: width) { index in self.examples(forModuleAt: index) }
        var next = file.resumed
        while next < total {
            if stop?.isRequested == true { work.stopClaiming() }
            guard let module = work.take(next, stop: stop) else { break }
            do {
                try file.append(module, index: next)
            } catch {
                work.stopClaiming()
                work.drain()
                file.close()
                throw error
            }
            madeThisRun += module.records.count
            for note in module.notes { report(note) }
            next += 1
            report(
                String(
                    format: "[%d/%d] %@: %d examples (%d this run, %.1f/s)", next, total, module.input,
                    module.records.count, madeThisRun,
                    Double(madeThisRun) / max(Date().timeIntervalSince(started), 1e-9)))
        }
        work.drain()
        if next < total {
            file.close()
            throw Interrupted(modulesFinished: next, modules: total, partialPath: file.partialPath)
        }
        let finished = file.finished
        try file.finish()
        return summary(
            of: finished, resumed: file.resumed, output: output, madeThisRun: madeThisRun,
            seconds: Date().timeIntervalSince(started))
    }

    func summary(
        of modules: [PartialDatasetFile.FinishedModule], resumed: Int, output: String, madeThisRun: Int, seconds: Double
    )
        -> PromptDatasetSummary
    {
        var skipped: [DatasetSkipReason: Int] = [:]
        var splitCounts: [String: Int] = [:]
        var codeBases: [String: Set<String>] = [:]
        var unvalidatedBetter = 0
        for module in modules {
            for (reason, count) in module.skipped { skipped[reason, default: 0] += count }
            unvalidatedBetter += module.unvalidatedBetter
            let codeBase = CodeBaseSplit.codeBase(of: module.input)
            let split = splits.split(of: codeBase).rawValue
            codeBases[split, default: []].insert(codeBase)
            if module.lines > 0 { splitCounts[split, default: 0] += module.lines }
        }
        let examples = modules.map(\.lines).reduce(0, +)
        return PromptDatasetSummary(
            output: output, task: settings.task.rawValue,
            measurementProtocol: settings.measurementProtocol.name.rawValue,
            protocolKey: settings.measurementProtocol.storeKey, llvmVersion: settings.llvmVersion, seed: settings.seed,
            modules: modules.count, modulesResumed: resumed, examples: [settings.task.rawValue: examples],
            splits: splitCounts, codeBases: codeBases.mapValues { $0.sorted() },
            skipped: Dictionary(uniqueKeysWithValues: skipped.map { ($0.key.rawValue, $0.value) }),
            unvalidatedBetter: unvalidatedBetter, seconds: seconds, examplesMadeThisRun: madeThisRun,
            examplesPerSecond: seconds > 0 ? Double(madeThisRun) / seconds : 0,
            tokenCountMethod: settings.tokenCountMethod,
            assemblyCommand: assemblyCommand, hints: hints(skipped: skipped, unvalidatedBetter: unvalidatedBetter))
    }

    func hints(skipped: [DatasetSkipReason: Int], unvalidatedBetter: Int) -> [String] {
        let protocolName = settings.measurementProtocol.name.rawValue
        let store = settings.store ?? "STORE"
        var hints: [String] = []
        func modules(_ count: Int) -> String { count == 1 ? "1 module" : "\(count) modules" }
        if let count = skipped[.notInStore] {
            hints.append(
                "\(modules(count)) not in \(store): autotune them first (`passlab autotune FILES --db \(store) --protocol \(protocolName)`)"
            )
        }
        if let count = skipped[.notTunedUnderProtocol] {
            hints.append(
                "\(modules(count)) in \(store) not autotuned under --protocol \(protocolName): autotune them with it")
        }
        if let count = skipped[.splitNotTuned] {
            hints.append(
                "\(modules(count)) over \(settings.maxPromptTokens) prompt tokens whose functions are not in \(store): "
                    + "`passlab split FILE.ll -o DIR` (FILE.ll spelt as given here), `passlab autotune DIR --db \(store) --protocol \(protocolName)`, "
                    + "then run this command again")
        }
        if let count = skipped[.pieceNotInStore] {
            hints.append(
                "\(count) function(s) of split modules not in \(store): autotune the pieces `passlab split` wrote")
        }
        if unvalidatedBetter > 0 {
            hints.append(
                "\(unvalidatedBetter) label(s) fell back to -Oz or to no passes although \(store) holds smaller lists never validated: "
                    + "autotune without --no-validate (or `passlab validate -p LIST --db \(store) --protocol \(protocolName)`) to use them"
            )
        }
        if let count = skipped[.storeSizeMismatch] {
            hints.append(
                "\(modules(count)) measured differently from \(store) (made by another LLVM or PassLab build?): autotune them again"
            )
        }
        return hints
    }

    // MARK: - One module

    /// A module's IR and its engine handle.
    struct LoadedModule {
        var input: String
        var function: String
        var bytes: [UInt8]
        /// The IR shown in prompts: the file's text (bitcode is printed).
        var promptIR: String
        var contentHash: String
        var handle: ModuleHandle
        var codeBase: String
        var split: DatasetSplit
    }

    /// Every example of the module at `index` (deterministic: the same for
    /// the same module and settings, whatever else is in the run).
    public func examples(forModuleAt index: Int) -> ModuleExamples {
        let input = settings.inputs[index]
        var result = ModuleExamples(input: input)
        let bytes: [UInt8]
        do {
            bytes = try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
        } catch {
            result.skip(.unreadable)
            result.notes.append("skipped \(input): \(error)")
            return result
        }
        switch load(input: input, function: "", bytes: bytes) {
        case .failure(let message):
            result.skip(.unreadable)
            result.notes.append("skipped \(input): \(message)")
        case .success(let module):
            defer { engine.unregister(module.handle) }
            switch settings.task {
            case .emulationIR, .emulationAssembly: result.absorb(splittingIfTooLong(module, emulation))
            case .flagTuning: result.absorb(flagTuning(module, allowSplit: true))
            case .disassembly: result.absorb(splittingIfTooLong(module, disassembly))
            }
        }
        return result
    }

    /// `make(module)`, or, when that gives nothing because the module's
    /// examples are over the token budgets, `make` of each of its defined
    /// functions alone (llvm-extract's split, as the paper did for prompts
    /// over its budget). A function still over budget is skipped and counted.
    func splittingIfTooLong(_ module: LoadedModule, _ make: (LoadedModule) -> ModuleExamples) -> ModuleExamples {
        let whole = make(module)
        guard whole.records.isEmpty, whole.skipped[.promptTooLong] != nil || whole.skipped[.labelTooLong] != nil else {
            return whole
        }
        var result = ModuleExamples(input: module.input)
        let pieces: [(function: String, bytes: [UInt8])]
        do {
            let parsed = try Context().parseIR(module.bytes, name: module.input)
            var extracted: [(function: String, bytes: [UInt8])] = []
            try ModuleSplitter.forEachFunction(of: parsed) { _, function, piece in
                extracted.append((function, Array(piece.printIR().utf8)))
            }
            pieces = extracted
        } catch {
            result.notes.append("\(module.input): over the token budget and cannot be split: \(error)")
            return whole
        }
        guard pieces.count > 1 else { return whole }
        for piece in pieces {
            switch load(input: module.input, function: piece.function, bytes: piece.bytes) {
            case .failure(let message):
                result.skip(.unreadable)
                result.notes.append("\(module.input): function \(piece.function): \(message)")
            case .success(let loaded):
                result.absorb(make(loaded))
                engine.unregister(loaded.handle)
            }
        }
        return result
    }

    /// Why a module could not be loaded (it is skipped as unreadable).
    struct LoadFailure: Error, CustomStringConvertible {
        var description: String
    }

    func load(input: String, function: String, bytes: [UInt8]) -> Result<LoadedModule, LoadFailure> {
        let promptIR: String
        do {
            promptIR = try Context().textualIR(of: bytes, name: input)
        } catch {
            return .failure(LoadFailure(description: "\(error)"))
        }
        // The engine names the module as the IR does (its `; ModuleID`), so
        // optimized IR in labels starts with the same line as the prompt's.
        let handle = engine.register(ir: bytes, name: Self.moduleIdentifier(of: promptIR) ?? input)
        if case .failure(let failure) = engine.load(handle) {
            engine.unregister(handle)
            return .failure(LoadFailure(description: failure.message))
        }
        let codeBase = CodeBaseSplit.codeBase(of: input)
        return .success(
            LoadedModule(
                input: input, function: function, bytes: bytes, promptIR: promptIR, contentHash: SHA256.hex(bytes),
                handle: handle, codeBase: codeBase, split: splits.split(of: codeBase)))
    }

    /// The name in a `; ModuleID = '...'` first line, if there is one.
    static func moduleIdentifier(of ir: String) -> String? {
        let prefix = "; ModuleID = '"
        guard ir.hasPrefix(prefix) else { return nil }
        let line = ir.dropFirst(prefix.count).prefix { $0 != "\n" }
        guard line.hasSuffix("'") else { return nil }
        return String(line.dropLast())
    }

    func evaluate(_ module: LoadedModule, _ pipelines: [Pipeline], outputs: OutputKinds = []) -> [EvaluationOutcome] {
        engine.evaluate(
            pipelines.map {
                EvaluationJob(
                    module: module.handle, pipeline: $0, measurementProtocol: settings.measurementProtocol,
                    outputs: outputs)
            })
    }

    static func reason(_ outcome: EvaluationOutcome) -> DatasetSkipReason {
        switch outcome {
        case .crashed, .brokenModule: .crashed
        case .timedOut: .timedOut
        case .failed, .measured: .failed
        }
    }

    func record(
        _ module: LoadedModule, index: Int, prompt: String, label: String, promptTokens: Int, labelTokens: Int,
        pipeline: String,
        unoptimized: SizeMeasurement, measured: (instructionCount: Int, binarySize: Int), ozBinarySize: Int
    ) -> PromptDatasetRecord {
        let functionPart = module.function.isEmpty ? "" : "#" + module.function
        return PromptDatasetRecord(
            id: "\(settings.task.rawValue):\(module.input)\(functionPart):\(index)", task: settings.task.rawValue,
            prompt: prompt, label: label, input: module.input, function: module.function,
            contentHash: module.contentHash,
            codeBase: module.codeBase, split: module.split.rawValue,
            measurementProtocol: settings.measurementProtocol.name.rawValue,
            protocolKey: settings.measurementProtocol.storeKey, llvmVersion: settings.llvmVersion,
            seed: Int(exactly: settings.seed) ?? 0, pipeline: pipeline, promptTokens: promptTokens,
            labelTokens: labelTokens,
            tokenCountMethod: settings.tokenCountMethod,
            unoptimizedInstructionCount: unoptimized.instructionCount, unoptimizedBinarySize: unoptimized.binarySize,
            instructionCount: measured.instructionCount, binarySize: measured.binarySize, ozBinarySize: ozBinarySize)
    }

    /// True when a label of `tokens` is over the label budget.
    func labelOverBudget(_ tokens: Int) -> Bool {
        settings.maxLabelTokens.map { tokens > $0 } ?? false
    }
}
