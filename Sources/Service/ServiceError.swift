import Support
/// The one error type of `passlab serve`: what the client sent wrong or what
/// stopped the server from answering, as a protocol error code and a message
/// that names the field or value and says what to do. Crashing or hanging
/// pass lists are never errors: they are outcomes in a result.
public struct ServiceError: UserFacingError, Sendable, Hashable, CustomStringConvertible {
    /// The wire codes of docs/serve-protocol.md.
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// The line (or body) is not JSON; the response's id is null.
        case parseError = "parse_error"
        /// JSON, but not a request object (no method, an id of the wrong type).
        case invalidRequest = "invalid_request"
        /// No method of that name; the message lists the methods (`hello` does too).
        case unknownMethod = "unknown_method"
        /// A parameter is missing or has the wrong type or value.
        case invalidParams = "invalid_params"
        /// No open session has that id: it was closed, never opened, or opened on a server that has since restarted.
        case unknownSession = "unknown_session"
        /// The module does not parse or compile (the message quotes the diagnostic).
        case moduleError = "module_error"
        /// Module size, sessions, list length or request time (the message names the flag).
        case limitExceeded = "limit_exceeded"
        /// The server failed, not the request: a predictor or store that cannot be opened, a result that does not
        /// encode, a session state that does not parse back.
        case `internal`
    }

    /// The wire code, sent as the response's `error.code`.
    public var code: Code
    /// What the client did wrong or what stopped the server, naming the field or value and what to do; sent as
    /// `error.message`.
    public var message: String

    /// An error with its wire code and its message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// "code: message" (e.g. "invalid_params: params.session: missing; give a string"), for logs.
    public var description: String { "\(code.rawValue): \(message)" }
    /// The message alone: what `passlab serve` prints after `passlab: error: ` when this ends it.
    public var userMessage: String { message }

    /// Exit status of the serve command when this ends it (house convention).
    public var exitCode: Int32 {
        switch code {
        case .internal: 70
        case .moduleError: 65
        default: 64
        }
    }

    static func invalidParams(_ field: String, _ problem: String) -> ServiceError {
        ServiceError(.invalidParams, "params.\(field): \(problem)")
    }
}
