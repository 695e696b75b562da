/// An error a user sees as `passlab: error: MESSAGE` and an exit status.
/// Library errors adopt it, so that commands need not catch and rethrow:
/// the executable turns any of them into its message and code in one place.
///
/// The message says what was wrong, quotes the value and says what to do.
/// Exit codes follow sysexits: 64 a user mistake, 65 bad data, 69 a service
/// that cannot be reached, 70 an internal error, 73 an output that cannot be
/// written.
public protocol UserFacingError: Error {
    /// The text printed after `passlab: error: `; one sentence or a few, naming the value and the remedy.
    var userMessage: String { get }
    /// The process exit status, a sysexits code (64, 65, 69, 70 or 73, as above).
    var exitCode: Int32 { get }
}

extension UserFacingError where Self: CustomStringConvertible {
    /// The error's `description`, so a type that already describes itself needs only an `exitCode`.
    public var userMessage: String { description }
}
