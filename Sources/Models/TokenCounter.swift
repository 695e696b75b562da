import Foundation

/// Counts prompt tokens as the served model's tokenizer would, for the
/// paper's prompt budgets (15k tokens for flag tuning, 8k + 8k for
/// disassembly).
public protocol TokenCounter: Sendable {
    /// Tokens of `text`, the BOS token the tokenizer adds included.
    func count(_ text: String) -> Int
    /// How the count is made (recorded with every dataset).
    var method: String { get }
}

/// The exact count: Llama 2's SentencePiece tokenizer (the LLM Compiler
/// models are Code Llama based; its 16 extra infilling tokens never occur
/// in ordinary text).
extension LlamaSPMTokenizer: TokenCounter {
    /// Tokens of `text` as `encode(_:addBOS:)` makes them, BOS included.
    public func count(_ text: String) -> Int { count(text, addBOS: true) }
    /// "Llama 2 SentencePiece tokenizer (N tokens, ...), BOS included": the
    /// `tokenCountMethod` a dataset records when the real vocabulary counted.
    public var method: String {
        "Llama 2 SentencePiece tokenizer (\(vocabularySize) tokens, llama.cpp's ggml-vocab-llama-spm.gguf), BOS included"
    }
}

/// Digits (Llama spells every digit as its own token) plus the other bytes
/// over a constant, for when the vocabulary is not installed. Against the
/// real tokenizer on 142 IR and 172 assembly files and 1,200 functions
/// (c = 2.446, fitted on IR): mean error 3.9%, worst 24% on IR; on
/// assembly (c = 1.981) 7.4%, worst 39%.
public struct DigitAwareTokenEstimate: TokenCounter {
    /// UTF-8 bytes other than digits per token: 2.446 fits IR, about 1.981
    /// fits assembly.
    public var bytesPerToken: Double

    /// An estimate with `bytesPerToken` non-digit bytes per token (default:
    /// the constant fitted on IR).
    public init(bytesPerToken: Double = 2.446) {
        self.bytesPerToken = bytesPerToken
    }

    /// 1 (BOS) + the ASCII digits + the other UTF-8 bytes divided by
    /// `bytesPerToken`, rounded up: an estimate, not a tokenization.
    public func count(_ text: String) -> Int {
        var digits = 0
        var others = 0
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 { digits += 1 } else { others += 1 }
        }
        return 1 + digits + Int((Double(others) / bytesPerToken).rounded(.up))
    }

    /// The formula with its constant, and how to install the real
    /// vocabulary: recorded with a dataset so estimated budgets are visible.
    public var method: String {
        "estimate: 1 + digits + other UTF-8 bytes / \(bytesPerToken) (the Llama vocabulary is not installed: run scripts/fetch-llama-vocab)"
    }
}

/// The counter PassLab uses for the LLM Compiler models' prompts: the real
/// tokenizer when its vocabulary is installed (`scripts/fetch-llama-vocab`,
/// run by scripts/setup; or `$PASSLAB_LLAMA_VOCAB`), else the estimate.
public enum LlamaTokenCount {
    /// Where the vocabulary is looked for: `$PASSLAB_LLAMA_VOCAB`, else
    /// `tokenizer/ggml-vocab-llama-spm.gguf` under `$PASSLAB_CACHE_DIR` (or
    /// `~/.cache/passlab`).
    public static var vocabularyPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["PASSLAB_LLAMA_VOCAB"], !path.isEmpty { return path }
        let cache =
            environment["PASSLAB_CACHE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/passlab")
        return (cache as NSString).appendingPathComponent("tokenizer/ggml-vocab-llama-spm.gguf")
    }

    /// The real tokenizer, if its vocabulary loads (nil when the file is
    /// missing or not a llama GGUF vocabulary); loaded once per process.
    public static let tokenizer: LlamaSPMTokenizer? = try? LlamaSPMTokenizer(ggufPath: vocabularyPath)

    /// `tokenizer` when the vocabulary loaded, else a `DigitAwareTokenEstimate`
    /// with the IR constant; decided once per process, on first use.
    public static let `default`: any TokenCounter = tokenizer ?? DigitAwareTokenEstimate()
}
