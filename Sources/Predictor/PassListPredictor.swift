import Foundation
import LLVMBridge
import Models
import Pipelines

/// What a predictor sees of a module.
public struct PredictionRequest: Sendable {
    /// The module's name (its path, or `file:function` for a piece of a split module); names it when bitcode is parsed
    /// for a prompt.
    public var name: String
    /// The unoptimized IR (text or bitcode, as given).
    public var ir: [UInt8]
    /// IR feature counts of the unoptimized module: what the embedded model ranks its pool by.
    public var features: IRFeatures
    /// The lists will be composed per function (`FlagTuner.perFunction`):
    /// a predictor that knows which lists complement each other function
    /// by function proposes those.
    public var composing: Bool

    /// A request for the module; `composing` stays false unless the tuner will compose the lists per function.
    public init(name: String, ir: [UInt8], features: IRFeatures, composing: Bool = false) {
        self.name = name
        self.ir = ir
        self.features = features
        self.composing = composing
    }
}

/// A predictor's answer for a module: lists to compile, best bet first
/// (catalog pipelines each), or why it has none.
public struct Prediction: Sendable {
    /// One list to compile, and whether it is trusted without validation.
    public struct Proposal: Sendable, Hashable {
        /// What to compile: catalog entries, or edits of clang's -Oz.
        public var action: PassAction
        /// Passed PassListEval when the predictor was made: trusted.
        public var validated: Bool
        /// The pipeline to compile.
        public var pipeline: Pipeline

        /// A list of catalog entries (`opt -p` text with adaptors). Text that does not parse is kept as written, one
        /// element per entry, so that compiling it fails in LLVM with LLVM's message, as any list LLVM rejects.
        public init(passes: [String], validated: Bool) {
            action = .passes(passes)
            self.validated = validated
            pipeline = (try? Pipeline(passes: passes)) ?? Pipeline(elements: passes.map { .init(name: $0) })
        }

        /// A proposal of any action with its exact `opt -p` text (for an edit, the edited base pipeline); nothing
        /// checks that the two agree.
        public init(action: PassAction, pipeline: Pipeline, validated: Bool) {
            self.action = action
            self.validated = validated
            self.pipeline = pipeline
        }

        /// Catalog entries of a catalog list; empty for an edit action.
        public var passes: [String] {
            if case .passes(let passes) = action { passes } else { [] }
        }
    }

    /// Lists to compile, best bet first, at most the count asked for; empty with a `rejection`, or from a predictor
    /// that proposes nothing.
    public var proposals: [Proposal]
    /// Why no list was proposed (a served model's bad answer, its server
    /// failing, a prompt too long): the module falls back to -Oz.
    public var rejection: ModelAnswer.Rejection?
    /// A served model's raw answer, kept for inspection.
    public var answer: String?
    /// Seconds spent asking a served model (0 for the embedded one).
    public var seconds: Double = 0
    /// The sizes a served model's answer states ("from X bytes to Y
    /// bytes"): the unoptimized size and its list's size, as it predicts them.
    public var statedUnoptimizedBinarySize: Int?
    /// The size the answer states for its own list ("to Y bytes"); nil when it states none.
    public var statedBinarySize: Int?
}

/// Who proposes pass lists: the embedded model or a served LLM.
public protocol PassListPredictor: Sendable {
    /// For reports: `embedded`, a model file, or `llm:NAME`.
    var name: String { get }
    /// At most this many proposals per module (the LLM answers one list).
    var maximumProposals: Int { get }
    /// Up to `count` lists for the module, best first.
    func predict(_ request: PredictionRequest, count: Int) throws -> Prediction
    /// The pipeline its edit actions change (nil: it proposes catalog lists only).
    var editBase: Pipeline? { get }
}

extension PassListPredictor {
    /// No edit base by default: the predictor proposes catalog lists only.
    public var editBase: Pipeline? { nil }
}

extension PredictorModel {
    /// A pool list as a proposal: its action and exact pipeline text.
    public func proposal(for list: PoolList) throws -> Prediction.Proposal {
        .init(action: list.action, pipeline: try pipeline(of: list), validated: list.validated)
    }
}

/// The embedded predictor: a `PredictorModel` ranking its pool.
public struct EmbeddedPredictor: PassListPredictor {
    /// The model whose pool is ranked.
    public let model: PredictorModel
    /// How reports name it: `embedded`, or the model file's path.
    public let name: String

    /// The embedded predictor for `model`, named `name` in reports.
    public init(model: PredictorModel, name: String = "embedded") {
        self.model = model
        self.name = name
    }

    /// The pool's size; lists with a pass retired from the catalog are never proposed, so fewer may come back.
    public var maximumProposals: Int { model.lists.count }
    /// The model's `editBase`: the pipeline its edit actions change.
    public var editBase: Pipeline? { model.editBase }

    /// The model's best lists for the request's features (`compositionRankedLists` when composing, else `rankedLists`);
    /// throws when an edit action does not apply to its base.
    public func predict(_ request: PredictionRequest, count: Int) throws -> Prediction {
        let lists =
            request.composing
            ? model.compositionRankedLists(for: request.features, count: count)
            : model.rankedLists(for: request.features, count: count)
        return Prediction(proposals: try lists.map(model.proposal(for:)))
    }
}

/// A served LLM Compiler FTD model (vLLM, llama.cpp, ...): the paper's
/// flag-tuning prompt of the module's IR, greedy, one list per module. The
/// answer is untrusted: only a list of catalog passes is proposed, and the
/// tuner validates it like any other new list.
public final class ServedModelPredictor: PassListPredictor, @unchecked Sendable {
    /// The OpenAI-compatible client of the served model.
    public let client: CompletionClient
    /// Counts the prompt's tokens for `promptTokenLimit` (the model's own tokenizer gives exact counts).
    public let tokenCounter: any TokenCounter
    /// Prompts over this many tokens are not sent: the prediction is a `promptTooLong` rejection.
    /// The paper split modules whose prompt exceeded 15k tokens (and gave
    /// the rest -Oz).
    public var promptTokenLimit = 15_000
    /// The pass list opens the FTD answer; the optimized IR that follows
    /// in `<code>` is not needed here, so generation stops there.
    public var maxAnswerTokens = 512
    /// Where generation stops: the `<code>` block that follows the list, or the end of the answer.
    public var stopSequences = ["<code>", "</s>"]

    /// A predictor asking `client`'s model, with the paper's prompt limit and a short answer.
    public init(client: CompletionClient, tokenCounter: any TokenCounter) {
        self.client = client
        self.tokenCounter = tokenCounter
    }

    /// `llm:` and the served model's name, for reports.
    public var name: String { "llm:\(client.model.name)" }
    /// One: the answer holds a single list.
    public var maximumProposals: Int { 1 }

    /// The IR as the prompt shows it: IR text as given (the paper's
    /// frontend output), bitcode printed as text.
    public static func promptIR(_ ir: [UInt8], name: String) throws -> String {
        try Context().textualIR(of: ir, name: name)
    }

    /// Asks the model once for the request's module (greedy; `count` is ignored). The model's failures (prompt too
    /// long, server error, unusable answer) become `rejection`; it throws only when bitcode cannot be parsed.
    public func predict(_ request: PredictionRequest, count: Int) throws -> Prediction {
        let prompt = PromptFormat.flagTuning(ir: try Self.promptIR(request.ir, name: request.name))
        let tokens = tokenCounter.count(prompt)
        if tokens > promptTokenLimit {
            return Prediction(proposals: [], rejection: .promptTooLong(tokens: tokens, limit: promptTokenLimit))
        }
        let completion: Completion
        do {
            completion = try client.complete(prompt: prompt, maxTokens: maxAnswerTokens, stop: stopSequences)
        } catch {
            return Prediction(proposals: [], rejection: ModelAnswer.Rejection(error))
        }
        let sizes = ModelAnswer.byteCounts(in: completion.text)
        var prediction = Prediction(
            proposals: [], answer: completion.text, seconds: completion.seconds,
            statedUnoptimizedBinarySize: sizes.first, statedBinarySize: sizes.count > 1 ? sizes[1] : nil)
        switch ModelAnswer.passList(in: completion.text) {
        case .success(let passes): prediction.proposals = [.init(passes: passes, validated: false)]
        case .failure(let rejection): prediction.rejection = rejection
        }
        return prediction
    }
}
