import Foundation
import LLVMBridge
import Models
import Pipelines

/// What a predictor sees of a module.
public struct PredictionRequest: Sendable {
    public var name: String
    /// The unoptimized IR (text or bitcode, as given).
    public var ir: [UInt8]
    public var features: IRFeatures
    /// The lists will be composed per function (`FlagTuner.perFunction`):
    /// a predictor that knows which lists complement each other function
    /// by function proposes those.
    public var composing: Bool

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
    public struct Proposal: Sendable, Hashable {
        /// What to compile: catalog entries, or edits of clang's -Oz.
        public var action: PassAction
        /// Passed PassListEval when the predictor was made: trusted.
        public var validated: Bool
        /// The `opt -p` text.
        public var pipeline: String

        /// A list of catalog entries (`opt -p` text with adaptors).
        public init(passes: [String], validated: Bool) {
            action = .passes(passes)
            self.validated = validated
            pipeline = passes.joined(separator: ",")
        }

        public init(action: PassAction, pipeline: String, validated: Bool) {
            self.action = action
            self.validated = validated
            self.pipeline = pipeline
        }

        /// Catalog entries of a catalog list; empty for an edit action.
        public var passes: [String] {
            if case .passes(let passes) = action { passes } else { [] }
        }
    }

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
    var editBase: String? { get }
}

extension PassListPredictor {
    public var editBase: String? { nil }
}

extension PredictorModel {
    /// A pool list as a proposal: its action and exact pipeline text.
    public func proposal(for list: PoolList) throws -> Prediction.Proposal {
        .init(action: list.action, pipeline: try pipeline(of: list), validated: list.validated)
    }
}

/// The embedded predictor: a `PredictorModel` ranking its pool.
public struct EmbeddedPredictor: PassListPredictor {
    public let model: PredictorModel
    public let name: String

    public init(model: PredictorModel, name: String = "embedded") {
        self.model = model
        self.name = name
    }

    public var maximumProposals: Int { model.lists.count }
    public var editBase: String? { model.editBase }

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
    public let client: CompletionClient
    public let tokenCounter: any TokenCounter
    /// The paper split modules whose prompt exceeded 15k tokens (and gave
    /// the rest -Oz).
    public var promptTokenLimit = 15_000
    /// The pass list opens the FTD answer; the optimized IR that follows
    /// in `<code>` is not needed here, so generation stops there.
    public var maxAnswerTokens = 512
    public var stopSequences = ["<code>", "</s>"]

    public init(client: CompletionClient, tokenCounter: any TokenCounter) {
        self.client = client
        self.tokenCounter = tokenCounter
    }

    public var name: String { "llm:\(client.model.name)" }
    public var maximumProposals: Int { 1 }

    /// The IR as the prompt shows it: IR text as given (the paper's
    /// frontend output), bitcode printed as text.
    public static func promptIR(_ ir: [UInt8], name: String) throws -> String {
        if ir.starts(with: [0x42, 0x43, 0xC0, 0xDE]) { return try Context().parseIR(ir, name: name).printIR() }
        return String(decoding: ir, as: UTF8.self)
    }

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
