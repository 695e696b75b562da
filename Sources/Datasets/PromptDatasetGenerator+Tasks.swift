import CodeSize
import Engine
import Foundation
import LLVMBridge
import Models
import Pipelines
import Store
import Support
import Toolchain

/// The examples of each task, from one loaded module.
extension PromptDatasetGenerator {
    // MARK: Emulation

    /// The random lists of a module: a function of the seed and its content.
    public static func emulationPipelines(seed: UInt64, contentHash: String, count: Int) -> [Pipeline] {
        var generator = SeededGenerator(seed: seed ^ contentHash.hashValueStable)
        return (0..<count).map { _ in Pipeline.random(using: &generator) }
    }

    func emulation(_ module: LoadedModule) -> ModuleExamples {
        var result = ModuleExamples(input: module.input)
        let count = settings.examplesPerModule
        // The unoptimized module (the prompt's sizes) and the -Oz reference (a column of every task).
        let references = evaluate(module, [.empty, PassCatalog.ozPipeline(for: settings.measurementProtocol)])
        guard let unoptimized = references[0].measurement, let oz = references[1].measurement else {
            let failed = references[0].measurement == nil ? references[0] : references[1]
            result.skip(Self.reason(failed), count: count)
            result.notes.append(
                "skipped \(module.input): the \(references[0].measurement == nil ? "unoptimized module" : "-Oz reference") "
                    + "could not be measured (\(failed.label))")
            return result
        }
        let assembly = settings.task == .emulationAssembly
        let pipelines = Self.emulationPipelines(seed: settings.seed, contentHash: module.contentHash, count: count)
        var prompts: [Int: (text: String, tokens: Int)] = [:]
        for (index, pipeline) in pipelines.enumerated() {
            let prompt = PromptFormat.emulation(
                ir: module.promptIR, passes: pipeline.text, instructionCount: unoptimized.instructionCount,
                binarySize: unoptimized.binarySize, assembly: assembly)
            let tokens = tokenCounter.count(prompt)
            if tokens > settings.maxPromptTokens {
                result.skip(.promptTooLong)
            } else {
                prompts[index] = (prompt, tokens)
            }
        }
        let indices = prompts.keys.sorted()
        let outcomes = evaluate(module, indices.map { pipelines[$0] }, outputs: .irText)
        for (index, outcome) in zip(indices, outcomes) {
            guard case let .measured(measurement, output) = outcome else {
                result.skip(Self.reason(outcome))
                continue
            }
            var code = String(decoding: output, as: UTF8.self)
            if assembly, let lowering {
                switch lowering.assembly(of: code) {
                case .success(let text): code = text
                case .failure(let failure):
                    result.skip(.loweringFailed)
                    result.notes.append("\(module.input): '\(pipelines[index].text.prefix(80))...': \(failure)")
                    continue
                }
            }
            let label = PromptFormat.emulationLabel(
                code: code, instructionCount: measurement.instructionCount, binarySize: measurement.binarySize)
            let labelTokens = tokenCounter.count(label)
            if labelOverBudget(labelTokens) {
                result.skip(.labelTooLong)
                continue
            }
            let prompt = prompts[index]!
            result.records.append(
                record(
                    module, index: index, prompt: prompt.text, label: label, promptTokens: prompt.tokens,
                    labelTokens: labelTokens,
                    pipeline: pipelines[index].text, unoptimized: unoptimized,
                    measured: (measurement.instructionCount, measurement.binarySize), ozBinarySize: oz.binarySize))
        }
        return result
    }

    // MARK: Disassembly

    func disassembly(_ module: LoadedModule) -> ModuleExamples {
        var result = ModuleExamples(input: module.input)
        let ozPipeline = PassCatalog.ozPipeline(for: settings.measurementProtocol)
        let outcome = evaluate(module, [ozPipeline], outputs: .irText)[0]
        guard case let .measured(measurement, output) = outcome, let lowering else {
            result.skip(Self.reason(outcome))
            result.notes.append("skipped \(module.input): -Oz did not compile (\(outcome.label))")
            return result
        }
        let unoptimizedOutcome = evaluate(module, [.empty])[0]
        guard let unoptimized = unoptimizedOutcome.measurement else {
            result.skip(Self.reason(unoptimizedOutcome))
            result.notes.append(
                "skipped \(module.input): the unoptimized module could not be measured (\(unoptimizedOutcome.label))")
            return result
        }
        let ir = String(decoding: output, as: UTF8.self)
        let assembly: String
        switch lowering.assembly(of: ir) {
        case .success(let text): assembly = text
        case .failure(let failure):
            result.skip(.loweringFailed)
            result.notes.append("skipped \(module.input): \(failure)")
            return result
        }
        let prompt = PromptFormat.disassembly(assembly: assembly)
        let promptTokens = tokenCounter.count(prompt)
        guard promptTokens <= settings.maxPromptTokens else {
            result.skip(.promptTooLong)
            return result
        }
        let label = PromptFormat.disassemblyLabel(ir: ir)
        let labelTokens = tokenCounter.count(label)
        guard !labelOverBudget(labelTokens) else {
            result.skip(.labelTooLong)
            return result
        }
        let pipeline = settings.measurementProtocol.name == .shipping ? "clang-Oz" : ozPipeline.text
        result.records.append(
            record(
                module, index: 0, prompt: prompt, label: label, promptTokens: promptTokens, labelTokens: labelTokens,
                pipeline: pipeline, unoptimized: unoptimized,
                measured: (measurement.instructionCount, measurement.binarySize),
                ozBinarySize: measurement.binarySize))
        return result
    }

    // MARK: Flag tuning

    func flagTuning(_ module: LoadedModule, allowSplit: Bool) -> ModuleExamples {
        var result = ModuleExamples(input: module.input)
        guard let store, let verdicts else { return result }
        let program: StoredProgram?
        do {
            program = try store.existingProgram(contentHash: module.contentHash, llvmVersion: PassCatalog.llvmVersion)
        } catch {
            result.skip(.notInStore)
            result.notes.append("\(module.input): cannot read \(store.path): \(error)")
            return result
        }
        guard let program else {
            result.skip(module.function.isEmpty ? .notInStore : .pieceNotInStore)
            if module.function.isEmpty { result.notes.append("skipped \(module.input): not in \(store.path)") }
            return result
        }
        let stored = (try? store.measurements(of: program, measurementProtocol: settings.measurementProtocol)) ?? [:]
        let ozPipeline = PassCatalog.ozPipeline(for: settings.measurementProtocol)
        guard let oz = stored[ozPipeline]?.binarySize else {
            result.skip(.notTunedUnderProtocol)
            result.notes.append(
                "skipped \(module.input): no -Oz measurement under \(settings.measurementProtocol) in \(store.path)")
            return result
        }
        let prompt = PromptFormat.flagTuning(ir: module.promptIR)
        let promptTokens = tokenCounter.count(prompt)
        if promptTokens > settings.maxPromptTokens {
            if allowSplit { return splitFlagTuning(module) }
            result.skip(.promptTooLong)
            return result
        }
        // Candidates: no passes and LLVM's -Oz (measured now when the store
        // lacks them), and every stored list that passed PassListEval.
        var fresh: [Pipeline] = [.empty]
        if stored[Self.defaultOz]?.binarySize == nil { fresh.append(Self.defaultOz) }
        let freshOutcomes = evaluate(module, fresh)
        guard let unoptimized = freshOutcomes[0].measurement else {
            result.skip(Self.reason(freshOutcomes[0]))
            result.notes.append(
                "skipped \(module.input): the unoptimized module could not be measured (\(freshOutcomes[0].label))")
            return result
        }
        var candidates: [(pipeline: Pipeline, text: String, size: Int, fromStore: Bool)] = [
            (.empty, "", unoptimized.binarySize, false)
        ]
        if fresh.count > 1, let size = freshOutcomes[1].measurement?.binarySize {
            candidates.append((Self.defaultOz, Self.defaultOz.text, size, false))
        }
        var untrusted: [Int] = []
        // clang-19's -Oz (the shipping reference) is no catalog list: a model
        // cannot name it, so it is never a label.
        for (pipeline, row) in stored
        where row.outcome == .measured && !pipeline.isEmpty
            && (pipeline == Self.defaultOz || pipeline != ozPipeline)
        {
            guard let size = row.binarySize else { continue }
            switch pipeline == Self.defaultOz ? true : verdicts.verdict(pipeline) {
            case true?:
                // A label must be a list the models' answer parser maps onto the catalog.
                let text = pipeline.text
                if pipeline == Self.defaultOz || (try? ModelAnswer.catalogPasses(of: text).get()) != nil {
                    candidates.append((pipeline, text, size, true))
                }
            case nil: untrusted.append(size)
            case false?: break
            }
        }
        let best = candidates.min {
            ($0.size, $0.pipeline.elements.count, $0.text) < ($1.size, $1.pipeline.elements.count, $1.text)
        }!
        if let smallest = untrusted.min(), smallest < best.size { result.unvalidatedBetter += 1 }
        let cannotBeMadeSmaller = best.text.isEmpty || best.size >= unoptimized.binarySize
        var label: String
        var measured = (instructionCount: unoptimized.instructionCount, binarySize: unoptimized.binarySize)
        var pipeline = ""
        if cannotBeMadeSmaller {
            label = PromptFormat.flagTuningLabel(
                pipeline: nil, unoptimizedBinarySize: unoptimized.binarySize, binarySize: unoptimized.binarySize,
                optimizedIR: "")
        } else {
            let outcome = evaluate(module, [best.pipeline], outputs: .irText)[0]
            guard case let .measured(measurement, output) = outcome else {
                result.skip(Self.reason(outcome))
                result.notes.append("skipped \(module.input): its best list did not compile again (\(outcome.label))")
                return result
            }
            if best.fromStore, measurement.binarySize != best.size {
                result.skip(.storeSizeMismatch)
                result.notes.append(
                    "skipped \(module.input): '\(best.text)' measures \(measurement.binarySize) bytes now, \(best.size) in the store"
                )
                return result
            }
            pipeline = best.text
            measured = (measurement.instructionCount, measurement.binarySize)
            label = PromptFormat.flagTuningLabel(
                pipeline: best.text, unoptimizedBinarySize: unoptimized.binarySize, binarySize: measurement.binarySize,
                optimizedIR: String(decoding: output, as: UTF8.self))
        }
        let labelTokens = tokenCounter.count(label)
        if labelOverBudget(labelTokens) {
            result.skip(.labelTooLong)
            return result
        }
        result.records.append(
            record(
                module, index: 0, prompt: prompt, label: label, promptTokens: promptTokens, labelTokens: labelTokens,
                pipeline: pipeline, unoptimized: unoptimized, measured: measured, ozBinarySize: oz))
        return result
    }

    /// A module over the prompt budget: one example per function, for the
    /// functions autotuned after `passlab split` (matched by the hash of the
    /// piece `passlab split` writes for this input path).
    func splitFlagTuning(_ module: LoadedModule) -> ModuleExamples {
        var result = ModuleExamples(input: module.input)
        let isIR = ProgramMeasurer.irExtensions.contains((module.input as NSString).pathExtension.lowercased())
        var pieces: [(function: String, bytes: [UInt8], tuned: Bool)] = []
        if isIR, let store {
            func tuned(_ text: String) -> Bool {
                (try? store.existingProgram(
                    contentHash: SHA256.hex(Array(text.utf8)), llvmVersion: PassCatalog.llvmVersion)) != nil
            }
            do {
                let parsed = try Context().parseIR(module.bytes, name: module.input)
                let absolute = URL(fileURLWithPath: module.input).standardizedFileURL.path
                let original = "; ModuleID = '\(module.input)'"
                // The functions `passlab split` makes pieces of, no others.
                for function in ModuleSplitter.plan(of: parsed).names {
                    let text = try parsed.extractingFunction(function).printIR()
                    // `passlab split` names the module as it was given the
                    // file: try this spelling, then the absolute path.
                    var variants = [text]
                    if absolute != module.input, text.hasPrefix(original + "\n") {
                        variants.append("; ModuleID = '\(absolute)'" + text.dropFirst(original.count))
                    }
                    let found = variants.first(where: tuned)
                    pieces.append((function, Array((found ?? text).utf8), found != nil))
                }
            } catch {
                result.notes.append("\(module.input): cannot split it: \(error)")
            }
        }
        guard pieces.contains(where: \.tuned) else {
            result.skip(.splitNotTuned)
            result.notes.append(
                "\(module.input): the flag-tuning prompt is over \(settings.maxPromptTokens) tokens and its functions are not in "
                    + "\(store?.path ?? "the store")"
                    + (isIR ? "" : " (make IR first: `passlab ir \(module.input) -o FILE.ll`, then split FILE.ll)"))
            return result
        }
        for piece in pieces {
            guard piece.tuned else {
                result.skip(.pieceNotInStore)
                continue
            }
            switch load(input: module.input, function: piece.function, bytes: piece.bytes) {
            case .failure(let message):
                result.skip(.unreadable)
                result.notes.append("\(module.input): function \(piece.function): \(message)")
            case .success(let loaded):
                result.absorb(flagTuning(loaded, allowSplit: false))
                engine.unregister(loaded.handle)
            }
        }
        return result
    }
}
