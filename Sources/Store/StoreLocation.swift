import Foundation

/// Where a `--db` value points: a SQLite file (a plain path, or `sqlite:PATH` / `sqlite://PATH`) or a PostgreSQL
/// database (`postgres://user@host:port/database`). Commands that work on both open their store through
/// `ResultStore(url:)`; the others ask `sqlitePath(command:)`, which names the command and the fix for a PostgreSQL
/// URL.
public enum StoreLocation: Sendable, Hashable {
    /// A SQLite file: the path as given, without its `sqlite:` or `sqlite://` prefix (created on first open).
    case sqlite(path: String)
    /// A PostgreSQL database: the whole `postgres://` or `postgresql://` URL as given, password included; the database
    /// must exist.
    case postgres(url: String)

    /// Classifies a `--db` value without touching it: a postgres(ql):// URL, a `sqlite:` path, or a plain path. Throws
    /// `ResultStore.Error.unsupportedURL` for an empty value or path, or another `scheme://`.
    public init(parsing value: String) throws(ResultStore.Error) {
        let lowered = value.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            self = .postgres(url: value)
            return
        }
        for prefix in ["sqlite://", "sqlite:"] where lowered.hasPrefix(prefix) {
            let path = String(value.dropFirst(prefix.count))
            guard !path.isEmpty else { throw .unsupportedURL(url: value, reason: "it names no file") }
            self = .sqlite(path: path)
            return
        }
        if let scheme = value.range(of: "://").map({ String(value[..<$0.lowerBound]) }), !scheme.contains("/") {
            throw .unsupportedURL(url: value, reason: "PassLab has no '\(scheme)' store")
        }
        guard !value.isEmpty else { throw .unsupportedURL(url: value, reason: "it is empty") }
        self = .sqlite(path: value)
    }

    /// `text` with the password of any `scheme://user:password@` in it
    /// replaced by `***`: what error messages, logs and the store's own
    /// record of a command show, so that a `--db` URL with a password does
    /// not spread it (a job script still needs it, or a ~/.pgpass file).
    public static func redacted(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let scheme = rest.range(of: "://") {
            result += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { "/?#".contains($0) || $0.isWhitespace } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                result += authority[..<colon] + ":***" + authority[at...]
            } else {
                result += authority
            }
            rest = rest[authorityEnd...]
        }
        return result + rest
    }

    /// The SQLite file, or the error naming the command (which works on SQLite stores only) and the fix.
    public func sqlitePath(command: String) throws(ResultStore.Error) -> String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url): throw .needsSQLite(url: url, command: command)
        }
    }
}

extension ResultStore {
    /// Opens the store a `--db` value names (see `StoreLocation`), creating it if needed.
    public convenience init(url: String) throws {
        switch try StoreLocation(parsing: url) {
        case .sqlite(let path): try self.init(path: path)
        case .postgres(let url): try self.init(postgresURL: url)
        }
    }

    /// Opens the store a `--db` value names if it exists: nil for a SQLite
    /// file that does not (reading commands must not create an empty one);
    /// a PostgreSQL database is opened (and migrated) as it is.
    public static func existing(url: String) throws -> ResultStore? {
        if case .sqlite(let path) = try StoreLocation(parsing: url), !FileManager.default.fileExists(atPath: path) {
            return nil
        }
        return try ResultStore(url: url)
    }
}
