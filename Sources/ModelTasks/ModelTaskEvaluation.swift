import CodeSize
import Foundation
import Models
import Toolchain

/// One example of a prompt-format dataset (`passlab dataset`): the prompt
/// and, when known, the label a perfect model would answer.
public struct TaskExample: Sendable, Hashable {
    /// The record's own task (an `emulation-asm` record stays that when
    /// loaded for `.emulationIR`): it decides how the answer's code is checked.
    public var task: PromptFormat.Task
    /// The prompt sent to the model, exactly as `PromptFormat` made it.
    public var prompt: String
    /// The dataset's label (`PromptFormat`'s label text), the reference the
    /// answer is scored against; nil for a bare assembly file or a record
    /// without one.
    public var label: String?
    /// Where it came from: `FILE:LINE` of a dataset, or the input file.
    public var source: String

    /// An example made in memory (a prompt from `PromptFormat`, as tests make
    /// them) rather than read by `load(_:task:)`.
    public init(task: PromptFormat.Task, prompt: String, label: String?, source: String) {
        self.task = task
        self.prompt = prompt
        self.label = label
        self.source = source
    }

    /// Examples of `task` from JSON Lines datasets (keys `task`, `prompt`,
    /// `label`), and, for disassembly, assembly files (`.s`, no label).
    /// Records of other tasks are passed over, except that `.emulationIR`
    /// also takes `emulation-asm` records; a line that is not a record, an
    /// unknown task or an unreadable file throws `ModelError.configuration`.
    public static func load(_ paths: [String], task: PromptFormat.Task) throws(ModelError) -> [TaskExample] {
        var examples: [TaskExample] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .configuration(
                    "\(path): cannot read the file; give a dataset made by `passlab dataset` (.jsonl)"
                        + (task == .disassembly ? " or an assembly file (.s)" : ""))
            }
            let text = String(decoding: data, as: UTF8.self)
            if path.hasSuffix(".s") || path.hasSuffix(".S") {
                guard task == .disassembly else {
                    throw .configuration("\(path): assembly files are inputs of the disassembly task only")
                }
                examples.append(
                    TaskExample(task: task, prompt: PromptFormat.disassembly(assembly: text), label: nil, source: path))
                continue
            }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.isEmpty {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let prompt = object["prompt"] as? String, let taskName = object["task"] as? String
                else {
                    throw .configuration(
                        "\(path):\(number + 1): not a dataset record (a JSON object with task, prompt and label); make datasets with `passlab dataset`"
                    )
                }
                guard PromptFormat.Task(rawValue: taskName) != nil else {
                    throw .configuration("\(path):\(number + 1): unknown task '\(taskName)'")
                }
                let matches =
                    taskName == task.rawValue
                    || (task == .emulationIR && taskName == PromptFormat.Task.emulationAssembly.rawValue)
                guard matches else { continue }
                examples.append(
                    TaskExample(
                        task: PromptFormat.Task(rawValue: taskName)!, prompt: prompt, label: object["label"] as? String,
                        source: "\(path):\(number + 1)"))
            }
        }
        return examples
    }
}

/// Who answers the prompts: a served model, answers recorded elsewhere
/// (one JSON object with `answer` per line, in the examples' order), or the
/// oracle (each example's own label: the harness's check of itself).
public enum AnswerSource: Sendable {
    /// Ask a served model, greedy, at most `maxTokens` generated tokens,
    /// stopping at `</s>`; a failed request is a counted fallback, not an error.
    case served(CompletionClient, maxTokens: Int)
    /// Answers made elsewhere, one per example in order; a count that differs
    /// from the examples' makes the evaluation throw.
    case recorded([String])
    /// Each example's own label: a perfect model, to check the harness
    /// (round trip 100%, BLEU 1, MAPE 0); an example without a label throws.
    case oracle

    /// The answers of a JSON Lines file (an `"answer"` string per non-empty
    /// line); throws `ModelError.configuration` naming the first bad line.
    public static func recorded(path: String) throws(ModelError) -> AnswerSource {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration("\(path): cannot read the answers file")
        }
        var answers: [String] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let answer = object["answer"] as? String
            else {
                throw .configuration("\(path):\(number + 1): expected a JSON object with an \"answer\" string")
            }
            answers.append(answer)
        }
        return .recorded(answers)
    }

    var name: String {
        switch self {
        case .served(let client, _): "llm:\(client.model.name)"
        case .recorded: "recorded answers"
        case .oracle: "oracle (the labels)"
        }
    }

    /// The answer to example `index`, or why there is none.
    func answer(
        _ example: TaskExample, index: Int, count: Int
    ) throws -> (Result<String, ModelAnswer.Rejection>, Double) {
        switch self {
        case .served(let client, let maxTokens):
            do {
                let completion = try client.complete(prompt: example.prompt, maxTokens: maxTokens, stop: ["</s>"])
                return (.success(completion.text), completion.seconds)
            } catch {
                return (.failure(ModelAnswer.Rejection(error)), 0)
            }
        case .recorded(let answers):
            guard answers.count == count else {
                throw ModelError.configuration(
                    "the answers file has \(answers.count) answers for \(count) examples; give one per example, in order"
                )
            }
            return (.success(answers[index]), 0)
        case .oracle:
            guard let label = example.label else {
                throw ModelError.configuration("\(example.source) has no label, so the oracle cannot answer it")
            }
            return (.success(label), 0)
        }
    }
}

/// The paper's disassembly evaluation: round-trip rate, round-trip BLEU,
/// exact IR match.
public struct DisassemblyReport: Codable, Sendable {
    /// One example's outcome.
    public struct Row: Codable, Sendable {
        /// The example's `TaskExample.source` (`FILE:LINE` or the `.s` path).
        public var source: String
        /// The check of the answer; nil when there was no answer to check.
        public var roundTrip: RoundTrip?
        /// The `ModelAnswer.Rejection.kind` of an unusable answer (a server
        /// error, a response too large); nil when the answer was checked.
        public var fallback: String?
        /// Wall-clock seconds of this example: the answer and the check.
        public var seconds: Double
    }

    /// Who answered: `llm:MODEL`, "recorded answers" or "oracle (the labels)".
    public var answers: String
    /// The protocol name (`paper` or `shipping`) whose lowering the round
    /// trip used.
    public var measurementProtocol: String
    /// Examples evaluated (the denominator of the rates and means).
    public var examples: Int
    /// Share of answers whose IR parsed and verified.
    public var parseRate: Double
    /// Share of examples whose lifted IR lowered to the input assembly
    /// exactly (after `RoundTrip.normalizedAssembly`).
    public var roundTripRate: Double
    /// Mean round-trip BLEU over all examples (0 for unusable answers).
    public var roundTripBLEU: Double
    /// Share of exact IR matches among the examples with a reference IR.
    public var exactMatchRate: Double?
    /// Unusable answers per `ModelAnswer.Rejection.kind`.
    public var fallbacks: [String: Int]
    /// Mean wall-clock seconds per example, model and check included.
    public var secondsPerExample: Double
    /// One row per example, in the examples' order.
    public var rows: [Row]

    /// The report as `passlab eval disassembly` prints it: rates in
    /// percent, BLEU, time per example, then the fallbacks by kind.
    public var text: String {
        var lines = [
            "disassembly, \(measurementProtocol) protocol, answers from \(answers): \(examples) examples",
            String(format: "  round trip  %.1f%%   (IR parses: %.1f%%)", 100 * roundTripRate, 100 * parseRate),
            String(format: "  BLEU        %.3f", roundTripBLEU),
            exactMatchRate.map { String(format: "  exact match %.1f%%", 100 * $0) }
                ?? "  exact match n/a (no reference IR)",
            String(format: "  %.2f s per example", secondsPerExample),
        ]
        if !fallbacks.isEmpty {
            lines.append(
                "  no usable answer: "
                    + fallbacks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// Evaluates `source`'s answers to `examples` (disassembly prompts): the
    /// input assembly is the prompt's code block, the reference IR the
    /// label's. Throws `ModelError.configuration` for a recorded-answer count
    /// mismatch or an unlabelled example under `.oracle`; `progress` gets one
    /// line per example.
    public static func evaluate(
        _ examples: [TaskExample], source: AnswerSource, measurementProtocol: MeasurementProtocol, toolchain: Toolchain,
        progress: (String) -> Void = { _ in }
    ) throws -> DisassemblyReport {
        var rows: [Row] = []
        for (index, example) in examples.enumerated() {
            let started = Date()
            let assembly = ModelAnswer.firstCodeBlock(in: example.prompt) ?? ""
            let (answer, _) = try source.answer(example, index: index, count: examples.count)
            switch answer {
            case .failure(let rejection):
                rows.append(
                    Row(
                        source: example.source, roundTrip: nil, fallback: rejection.kind,
                        seconds: Date().timeIntervalSince(started)))
            case .success(let text):
                let reference = example.label.flatMap { ModelAnswer.firstCodeBlock(in: $0) }
                let check = try RoundTrip.check(
                    ir: RoundTrip.answerIR(text), assembly: assembly, referenceIR: reference,
                    measurementProtocol: measurementProtocol, toolchain: toolchain)
                rows.append(
                    Row(
                        source: example.source, roundTrip: check, fallback: nil,
                        seconds: Date().timeIntervalSince(started)))
            }
            progress(
                "[\(index + 1)/\(examples.count)] \(example.source): "
                    + (rows.last!.roundTrip.map { $0.success ? "round trip" : ($0.failure ?? "") } ?? "no answer"))
        }
        let count = Double(max(1, rows.count))
        let checked = rows.compactMap(\.roundTrip)
        let withReference = checked.compactMap(\.exactMatch)
        let referenced = examples.filter { $0.label != nil }.count
        return DisassemblyReport(
            answers: source.name, measurementProtocol: measurementProtocol.name.rawValue, examples: rows.count,
            parseRate: Double(checked.filter(\.parsed).count) / count,
            roundTripRate: Double(checked.filter(\.success).count) / count,
            roundTripBLEU: checked.map(\.bleu).reduce(0, +) / count,
            exactMatchRate: referenced == 0 ? nil : Double(withReference.filter { $0 }.count) / Double(referenced),
            fallbacks: Dictionary(grouping: rows.compactMap(\.fallback), by: { $0 }).mapValues(\.count),
            secondsPerExample: rows.map(\.seconds).reduce(0, +) / count, rows: rows)
    }
}

/// The paper's compiler-emulation evaluation: how often the answer's code
/// compiles, how often it is exactly the label's, and the mean absolute
/// percentage error of the predicted instruction count and binary size.
public struct EmulationReport: Codable, Sendable {
    /// One example's outcome; the sizes are nil where the text gave none.
    public struct Row: Codable, Sendable {
        /// The example's `TaskExample.source` (`FILE:LINE`).
        public var source: String
        /// clang-19 compiles the answer's code block to an object (`-x ir`,
        /// or `-x assembler` for `emulation-asm`); false without a code block
        /// or an answer.
        public var compiles: Bool
        /// The answer's code equals the label's (after `RoundTrip`'s
        /// normalization of IR or assembly).
        public var exactMatch: Bool
        /// The last "N bytes" after the answer's code block.
        public var predictedBinarySize: Int?
        /// The label's binary size (its last "N bytes"): text + data bytes
        /// under the dataset's protocol.
        public var binarySize: Int?
        /// The "instruction count N" after the answer's code block.
        public var predictedInstructionCount: Int?
        /// The label's instruction count (of the optimized IR).
        public var instructionCount: Int?
        /// The `ModelAnswer.Rejection.kind` of an unusable answer (including
        /// `noCode`); nil when the answer had code.
        public var fallback: String?
    }

    /// Who answered: `llm:MODEL`, "recorded answers" or "oracle (the labels)".
    public var answers: String
    /// Examples evaluated (the denominator of the rates).
    public var examples: Int
    /// Share of examples whose answer's code compiles (see `Row.compiles`).
    public var compileRate: Double
    /// Share of examples whose answer's code is exactly the label's.
    public var exactMatchRate: Double
    /// Mean |predicted - true| / true; an answer without the number counts
    /// as an error of 1 (100%).
    public var binarySizeMAPE: Double
    /// Mean |predicted - true| / true of the instruction count, on the same
    /// terms as `binarySizeMAPE`.
    public var instructionCountMAPE: Double
    /// Unusable answers per `ModelAnswer.Rejection.kind`.
    public var fallbacks: [String: Int]
    /// One row per example, in the examples' order.
    public var rows: [Row]

    /// The report as `passlab eval emulation` prints it: rates in percent,
    /// the two MAPEs as fractions, then the fallbacks by kind.
    public var text: String {
        var lines = [
            "compiler emulation, answers from \(answers): \(examples) examples",
            String(format: "  compiles    %.1f%%", 100 * compileRate),
            String(format: "  exact match %.1f%%", 100 * exactMatchRate),
            String(
                format: "  MAPE        binary size %.3f, instruction count %.3f", binarySizeMAPE, instructionCountMAPE),
        ]
        if !fallbacks.isEmpty {
            lines.append(
                "  no usable answer: "
                    + fallbacks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// Evaluates `source`'s answers to `examples` (emulation prompts, IR or
    /// assembly, each with its label); throws `ModelError.configuration`
    /// for an example without a label or a recorded-answer count mismatch.
    /// `progress` gets one line per example.
    public static func evaluate(
        _ examples: [TaskExample], source: AnswerSource, toolchain: Toolchain,
        progress: (String) -> Void = { _ in }
    ) throws -> EmulationReport {
        var rows: [Row] = []
        for (index, example) in examples.enumerated() {
            guard let label = example.label else {
                throw ModelError.configuration(
                    "\(example.source) has no label: emulation is scored against the dataset's labels")
            }
            let truthCode = ModelAnswer.firstCodeBlock(in: label) ?? ""
            let truthSize = ModelAnswer.byteCounts(in: label).last
            let truthCount = ModelAnswer.instructionCount(in: label)
            let (answer, _) = try source.answer(example, index: index, count: examples.count)
            switch answer {
            case .failure(let rejection):
                rows.append(
                    Row(
                        source: example.source, compiles: false, exactMatch: false, binarySize: truthSize,
                        instructionCount: truthCount,
                        fallback: rejection.kind))
            case .success(let text):
                let code = ModelAnswer.firstCodeBlock(in: text)
                let assembly = example.task == .emulationAssembly
                let compiles = try code.map { try Self.compiles($0, assembly: assembly, toolchain: toolchain) } ?? false
                let exact =
                    code.map {
                        assembly
                            ? RoundTrip.normalizedAssembly($0) == RoundTrip.normalizedAssembly(truthCode)
                            : RoundTrip.normalizedIR($0) == RoundTrip.normalizedIR(truthCode)
                    } ?? false
                // The sizes follow the code block.
                let tail = text.range(of: "</code>").map { String(text[$0.upperBound...]) } ?? text
                rows.append(
                    Row(
                        source: example.source, compiles: compiles, exactMatch: exact,
                        predictedBinarySize: ModelAnswer.byteCounts(in: tail).last,
                        binarySize: truthSize, predictedInstructionCount: ModelAnswer.instructionCount(in: tail),
                        instructionCount: truthCount,
                        fallback: code == nil ? ModelAnswer.Rejection.noCode.kind : nil))
            }
            progress("[\(index + 1)/\(examples.count)] \(example.source)")
        }
        let count = Double(max(1, rows.count))
        func mape(_ pairs: [(Int?, Int?)]) -> Double {
            let errors = pairs.compactMap { predicted, truth -> Double? in
                guard let truth, truth > 0 else { return nil }
                guard let predicted else { return 1 }
                return abs(Double(predicted - truth)) / Double(truth)
            }
            return errors.isEmpty ? 0 : errors.reduce(0, +) / Double(errors.count)
        }
        return EmulationReport(
            answers: source.name, examples: rows.count, compileRate: Double(rows.filter(\.compiles).count) / count,
            exactMatchRate: Double(rows.filter(\.exactMatch).count) / count,
            binarySizeMAPE: mape(rows.map { ($0.predictedBinarySize, $0.binarySize) }),
            instructionCountMAPE: mape(rows.map { ($0.predictedInstructionCount, $0.instructionCount) }),
            fallbacks: Dictionary(grouping: rows.compactMap(\.fallback), by: { $0 }).mapValues(\.count), rows: rows)
    }

    /// IR: LLVM 19 parses and verifies it; assembly: clang-19 assembles it.
    static func compiles(_ code: String, assembly: Bool, toolchain: Toolchain) throws -> Bool {
        if assembly {
            let result = try ProcessRunner.run(
                ProcessRequest(
                    toolchain.clang, ["-c", "-x", "assembler", "-", "-o", "/dev/null"],
                    standardInput: Array(code.utf8), timeout: 60))
            return result.termination.succeeded
        }
        let result = try ProcessRunner.run(
            ProcessRequest(
                toolchain.clang, ["-c", "-x", "ir", "-", "-o", "/dev/null", "-Wno-override-module"],
                standardInput: Array(code.utf8), timeout: 120))
        return result.termination.succeeded
    }
}
