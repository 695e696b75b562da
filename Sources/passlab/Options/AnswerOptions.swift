import ArgumentParser
import CodeSize
import Engine
import Foundation
import ModelTasks
import Models
import Toolchain

/// `--predictor llm` (a served model), `--answers FILE` or `--oracle`: who
/// answers an evaluation's prompts.
struct AnswerOptions: ParsableArguments {
    @Flag(help: "Ask the served model (--model-url, --model).")
    var llm = false

    @Option(help: "Answers made elsewhere: JSON Lines with an \"answer\" string per line, one per example in order.")
    var answers: String?

    @Flag(help: "Answer each prompt with its own label: checks the harness itself (round trip 100%, BLEU 1, MAPE 0).")
    var oracle = false

    @Option(help: "Tokens the model may generate per answer.")
    var maxTokens: Int = 8192

    @OptionGroup var served: ServedModelOptions

    /// The examples of `task` in `inputs`; a usage error when there are none.
    static func examples(_ inputs: [String], task: PromptFormat.Task) throws -> [TaskExample] {
        let examples: [TaskExample]
        do { examples = try TaskExample.load(inputs, task: task) } catch { throw MeasureError.usage("\(error)") }
        guard !examples.isEmpty else {
            throw MeasureError.usage("no \(task.rawValue) examples in \(inputs.joined(separator: ", "))")
        }
        return examples
    }

    func source() throws -> AnswerSource {
        guard [llm, answers != nil, oracle].filter({ $0 }).count == 1 else {
            throw MeasureError.usage(
                "say who answers: exactly one of --llm (with --model-url and --model), --answers FILE or --oracle")
        }
        if llm { return .served(try served.client(), maxTokens: maxTokens) }
        if let answers {
            do { return try AnswerSource.recorded(path: answers) } catch { throw MeasureError.usage(error.description) }
        }
        return .oracle
    }
}
