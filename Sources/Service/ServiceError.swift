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
        case unknownMethod = "unknown_method"
        /// A parameter is missing or has the wrong type or value.
        case invalidParams = "invalid_params"
        case unknownSession = "unknown_session"
        /// The module does not parse or compile (the message quotes the diagnostic).
        case moduleError = "module_error"
        /// Module size, sessions, list length or request time (the message names the flag).
        case limitExceeded = "limit_exceeded"
        case `internal`
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
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
