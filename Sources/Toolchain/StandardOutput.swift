#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Support

/// The one writer of a command's standard output. Every write is checked:
/// Foundation's `FileHandle.write` traps on a failed write (a full disk,
/// /dev/full) and `print` loses it silently, so neither is used for output.
/// The first failure is kept (as stdio keeps its error flag): later writes
/// fail at once and `finish()` reports it, so a write in a callback that
/// cannot throw is still reported when the command ends.
public enum StandardOutput {
    /// Why output did not reach standard output; the first one is kept and
    /// rethrown by every later write and by `finish()`.
    public enum Error: UserFacingError, CustomStringConvertible, Equatable {
        /// The reader went away (EPIPE: `passlab ... | head`).
        case closed
        /// write(2) or fflush failed with this errno (ENOSPC on a full disk,
        /// EIO...).
        case failed(errno: Int32)
        /// A value PassLab made could not be encoded as JSON (an internal
        /// error: nothing is written rather than a placeholder).
        case unencodable(String)

        /// A closed pipe ends as a process killed by SIGPIPE is reported
        /// (128 + 13), quietly, as other Unix tools do; a failed write is
        /// EX_IOERR (74), a value that cannot be encoded EX_SOFTWARE (70).
        public var exitCode: Int32 {
            switch self {
            case .closed: 128 + SIGPIPE
            case .failed: 74
            case .unencodable: 70
            }
        }

        /// The message a user sees: what failed, strerror's text, and on a
        /// full disk (ENOSPC) what to do.
        public var description: String {
            switch self {
            case .closed: "standard output was closed"
            case .unencodable(let reason):
                "internal error: the result could not be encoded as JSON (\(reason)); nothing was written"
            case .failed(let code):
                "cannot write to standard output: \(AtomicFile.Error.reason(code)); the output is incomplete"
                    + (code == ENOSPC ? ": free some space or write elsewhere" : "")
            }
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var failure: Error?

    /// Writes `bytes` whole, or throws the (first) failure.
    public static func write(_ bytes: [UInt8], to descriptor: Int32 = STDOUT_FILENO) throws(Error) {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        let code = AtomicFile.writeAll(bytes, to: descriptor)
        guard code != 0 else { return }
        let error: Error = code == EPIPE ? .closed : .failed(errno: code)
        failure = error
        throw error
    }

    /// Writes `data` whole to standard output, or throws the (first) failure.
    public static func write(_ data: Data) throws(Error) {
        try write([UInt8](data))
    }

    /// `text` and a terminator (a newline), as `print` would.
    public static func print(_ text: String, terminator: String = "\n") throws(Error) {
        try write(Array((text + terminator).utf8))
    }

    /// Pretty, stable JSON (sorted keys) for `--json`, and a newline.
    public static func printJSON<T: Encodable>(_ value: T) throws(Error) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw .unencodable("\(error)")
        }
        try write(Array(data) + [UInt8(ascii: "\n")])
    }

    /// The end of a command: anything written through stdio (a library's
    /// `print`) is flushed and checked, and a failure kept from an earlier
    /// write is thrown.
    public static func finish() throws(Error) {
        lock.lock()
        defer { lock.unlock() }
        // fflush(NULL): every stdio stream (only stdout is written through stdio).
        if fflush(nil) != 0 {
            let code = errno
            failure = failure ?? (code == EPIPE ? .closed : .failed(errno: code == 0 ? EIO : code))
        }
        if let failure { throw failure }
    }
}
