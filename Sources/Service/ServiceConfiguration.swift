import Foundation

/// The limits a server enforces; each names the `passlab serve` flag that
/// raises it, so a `limit_exceeded` message can say which.
public struct ServiceLimits: Sendable, Hashable {
    /// `--max-module-bytes`: the largest module (IR text, bitcode, or the IR a source lowers to).
    public var maxModuleBytes: Int
    /// `--max-sessions`: sessions open at once.
    public var maxSessions: Int
    /// `--request-timeout`: seconds one request may take. Evaluations are
    /// bounded by the engine's time-out (never above this), batches start no
    /// list after it, validate and tune stop at it.
    public var requestTimeout: Double
    /// `--max-list-length`: passes in one list.
    public var maxListLength: Int

    /// Limits with `passlab serve`'s defaults: 8 MiB modules, 64 sessions, 300 s per request, 500 passes per list.
    public init(
        maxModuleBytes: Int = 8 << 20, maxSessions: Int = 64, requestTimeout: Double = 300, maxListLength: Int = 500
    ) {
        self.maxModuleBytes = maxModuleBytes
        self.maxSessions = maxSessions
        self.requestTimeout = requestTimeout
        self.maxListLength = maxListLength
    }

    /// The longest request line (or HTTP body) read: a module at the limit,
    /// JSON-escaped (each byte at most doubled for IR text), plus the rest.
    public var maxRequestBytes: Int { 2 * maxModuleBytes + (1 << 20) }
}

/// What a server is given besides its engine.
public struct ServiceConfiguration: Sendable {
    /// What the server enforces on each request and on sessions.
    public var limits: ServiceLimits
    /// The HumanEval-X suite for `validate` and for tune's PassListEval
    /// (nil: found as `passlab validate` finds it).
    public var humanEvalPath: String?
    /// The results store of `tune` and `validate` (nil: tune's default,
    /// $PASSLAB_CACHE_DIR or ~/.cache/passlab, tune.sqlite).
    public var storePath: String?

    /// A configuration; the defaults are `passlab serve`'s without options (default limits, the suite and the store
    /// found as `passlab validate` and `passlab tune` find them).
    public init(limits: ServiceLimits = ServiceLimits(), humanEvalPath: String? = nil, storePath: String? = nil) {
        self.limits = limits
        self.humanEvalPath = humanEvalPath
        self.storePath = storePath
    }
}
