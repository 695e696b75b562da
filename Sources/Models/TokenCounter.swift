/// Counts prompt tokens as the served model's tokenizer would, for the
/// paper's prompt budgets (15k tokens for flag tuning, 8k + 8k for
/// disassembly).
public protocol TokenCounter: Sendable {
    /// Tokens of `text`, the BOS token the tokenizer adds included.
    func count(_ text: String) -> Int
    /// How the count is made (recorded with every dataset).
    var method: String { get }
}

/// Bytes divided by a constant: for when no real tokenizer is at hand.
public struct ApproximateTokenCounter: TokenCounter {
    public var bytesPerToken: Double

    public init(bytesPerToken: Double) {
        self.bytesPerToken = bytesPerToken
    }

    public func count(_ text: String) -> Int {
        1 + Int((Double(text.utf8.count) / bytesPerToken).rounded(.up))
    }

    public var method: String { "approximate: UTF-8 bytes / \(bytesPerToken) + 1" }
}

/// The counter PassLab uses for the LLM Compiler models' prompts.
public enum LlamaTokenCount {
    public static let `default`: any TokenCounter = ApproximateTokenCounter(bytesPerToken: 3.0)
}
