import Foundation
import Toolchain

/// The PostgreSQL server `scripts/postgres-test-server start` runs on this
/// machine (scripts/test starts it and sets PASSLAB_TEST_POSTGRES_URL and
/// PASSLAB_REQUIRE_POSTGRES=1). Without one the tests that need it are
/// skipped, unless PASSLAB_REQUIRE_POSTGRES=1: then they fail, so CI never
/// passes without having run them.
public enum PostgresTestServer {
    /// True when PASSLAB_REQUIRE_POSTGRES=1: tests needing a server fail instead of skipping.
    public static var required: Bool { ProcessInfo.processInfo.environment["PASSLAB_REQUIRE_POSTGRES"] == "1" }

    /// The server's URL (its `postgres` database), nil when none is set.
    public static var url: String? { ProcessInfo.processInfo.environment["PASSLAB_TEST_POSTGRES_URL"] }

    /// Run the test: a server is set, or one is required (and the test fails in `freshDatabase`).
    public static var shouldRun: Bool { url != nil || required }

    /// No server although one is required; the message says how to start one.
    public struct Unavailable: Error, CustomStringConvertible {
        /// What is missing and the command that fixes it.
        public var description: String
    }

    /// The psql of Debian's postgresql 15 (or the client on PATH).
    static var psql: String {
        let debian = "/usr/lib/postgresql/15/bin/psql"
        return FileManager.default.isExecutableFile(atPath: debian) ? debian : "psql"
    }

    /// Runs SQL as the server's superuser on its `postgres` database.
    public static func execute(_ sql: String) throws {
        guard let url else {
            throw Unavailable(
                description:
                    "PASSLAB_TEST_POSTGRES_URL is unset; start a server with scripts/postgres-test-server start")
        }
        let result = try ProcessRunner.run(
            ProcessRequest(psql, [url, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], timeout: 60))
        guard result.termination.succeeded else {
            throw Unavailable(description: "psql \(url) -c '\(sql)': \(result.stderrText)")
        }
    }

    /// A new, empty database for one test, and its URL.
    public static func freshDatabase(_ label: String) throws -> String {
        guard let url, let slash = url.lastIndex(of: "/") else {
            throw Unavailable(
                description: "PASSLAB_REQUIRE_POSTGRES=1 but PASSLAB_TEST_POSTGRES_URL is unset; "
                    + "start a server with scripts/postgres-test-server start")
        }
        let name =
            "passlab_\(label.lowercased().filter { $0.isLetter || $0.isNumber })_\(UInt32.random(in: 0...UInt32.max))"
        try execute("CREATE DATABASE \(name)")
        return String(url[...slash]) + name
    }
}
