import Foundation
import Models
import Testing
import TestSupport

/// The prompt-token counter: Llama 2's tokenizer, checked against
/// llama.cpp's own expected token ids, and the estimate used without it.
@Suite struct LlamaTokenizerTests {
    static func tokenizer() throws -> LlamaSPMTokenizer {
        try #require(
            LlamaTokenCount.tokenizer,
            "no Llama vocabulary at \(LlamaTokenCount.vocabularyPath): run scripts/fetch-llama-vocab (scripts/setup does)"
        )
    }

    @Test func matchesLlamaCppsExpectedTokenIDs() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.vocabularySize == 32000)
        let inputs = try String(contentsOfFile: LlamaTokenCount.vocabularyPath + ".inp", encoding: .utf8)
            .components(separatedBy: "\n__ggml_vocab_test__\n")
        let outputs = try String(contentsOfFile: LlamaTokenCount.vocabularyPath + ".out", encoding: .utf8).components(
            separatedBy: "\n")
        #expect(inputs.count >= 40)
        for (index, input) in inputs.enumerated()
        where index < outputs.count && !(index == inputs.count - 1 && input.isEmpty) {
            let expected = outputs[index].split(separator: " ").compactMap { Int32($0) }
            #expect(tokenizer.encode(input, addBOS: false) == expected, "test \(index): \(input.debugDescription)")
        }
        #expect(tokenizer.encode("Hello world") == [1, 15043, 3186])
    }

    @Test func countsPromptsAndTheEstimateStaysClose() throws {
        let tokenizer = try Self.tokenizer()
        #expect(LlamaTokenCount.default is LlamaSPMTokenizer)
        let ir = try String(contentsOfFile: Fixtures.root + "/Tests/Fixtures/prompts/bits.ll", encoding: .utf8)
        let prompt = PromptFormat.flagTuning(ir: ir)
        let exact = tokenizer.count(prompt)
        #expect(exact == tokenizer.encode(prompt).count)
        #expect(exact > prompt.utf8.count / 4 && exact < prompt.utf8.count)
        // The prompt is the wrapper's tokens plus the IR's, give or take the joins.
        #expect(
            abs(
                exact
                    - tokenizer.count(
                        "[INST] Tell me how to optimize this LLVM-IR for object file size:\n\n<code></code> [/INST]")
                    - tokenizer.count(ir, addBOS: false)) <= 4)
        let estimate = DigitAwareTokenEstimate().count(prompt)
        #expect(abs(Double(estimate - exact)) / Double(exact) < 0.25, "estimate \(estimate) vs \(exact)")
    }
}
