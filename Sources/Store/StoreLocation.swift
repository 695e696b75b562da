import Foundation

/// Where a `--db` value points. Today every store is a SQLite file (a
/// plain path, or `sqlite:PATH` / `sqlite://PATH`); PostgreSQL URLs are
/// recognised so that a campaign written for a PostgreSQL store fails at
/// once with the fix, not later with "cannot open" on a file named
/// `postgres:`. Every command opens its store through `ResultStore(url:)`,
/// the one place a new backend slots in.
public enum StoreLocation: Sendable, Hashable {
    case sqlite(path: String)
    case postgres(url: String)

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

    /// The SQLite file, or the error naming the URL and the fix.
    public func sqlitePath() throws(ResultStore.Error) -> String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url):
            throw .unsupportedURL(url: url, reason: "PostgreSQL stores are not supported by this PassLab yet")
        }
    }
}

extension ResultStore {
    /// Opens the store a `--db` value names (see `StoreLocation`).
    public convenience init(url: String) throws {
        try self.init(path: try StoreLocation(parsing: url).sqlitePath())
    }
}
