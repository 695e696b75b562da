import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// One value bound to a `$n` parameter of a PostgreSQL statement.
enum PostgresValue: Sendable {
    case text(String)
    case integer(Int64)
    case real(Double)
    case boolean(Bool)
    case date(Date)
    case null

    static func int(_ value: Int) -> Self { .integer(Int64(value)) }
    static func optional(_ value: Int?) -> Self { value.map { .integer(Int64($0)) } ?? .null }
    static func optional(_ value: Int64?) -> Self { value.map { .integer($0) } ?? .null }

    func append(to bindings: inout PostgresBindings) {
        switch self {
        case .text(let value): bindings.append(value)
        case .integer(let value): bindings.append(value)
        case .real(let value): bindings.append(value)
        case .boolean(let value): bindings.append(value)
        case .date(let value): bindings.append(value)
        case .null: bindings.appendNull()
        }
    }
}

/// A blocking connection to one PostgreSQL database, for the store's
/// synchronous callers (search and worker threads, never Swift's
/// cooperative pool): its own one-thread event loop group, one connection,
/// one statement or transaction at a time.
final class PostgresSession: @unchecked Sendable {
    let url: String
    private let group: MultiThreadedEventLoopGroup
    private let connection: PostgresConnection
    private let lock = NSLock()
    private let logger: Logger

    /// Where a `postgres://` URL points.
    struct Endpoint: Sendable {
        var host: String
        var port: Int
        var user: String
        var password: String?
        var database: String
        var requireTLS: Bool

        /// Parses `postgres[ql]://[user[:password]@]host[:port][/database][?sslmode=...]`.
        init(parsing url: String) throws(ResultStore.Error) {
            guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
                ["postgres", "postgresql"].contains(scheme)
            else { throw .unsupportedURL(url: url, reason: "it is no postgres://user@host:port/database URL") }
            guard let host = components.host, !host.isEmpty else {
                throw .unsupportedURL(url: url, reason: "it names no host (postgres://user@host:port/database)")
            }
            self.host = host
            port = components.port ?? 5432
            guard (1...65535).contains(port) else {
                throw .unsupportedURL(url: url, reason: "port \(port) is out of range")
            }
            user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
            password = components.password.flatMap { $0.removingPercentEncoding }
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
            let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
            guard ["disable", "require"].contains(sslmode) else {
                throw .unsupportedURL(
                    url: url, reason: "sslmode '\(sslmode)' is not supported (use disable or require)")
            }
            requireTLS = sslmode == "require"
        }
    }

    /// Connects; an unreachable server or a missing database is `ResultStore.Error.unreachable`.
    init(url: String) throws {
        let endpoint = try Endpoint(parsing: url)
        self.url = url
        var logger = Logger(label: "passlab.store.postgres")
        logger.logLevel = .critical
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let tls: PostgresConnection.Configuration.TLS =
                endpoint.requireTLS ? .require(try .init(configuration: .clientDefault)) : .disable
            var configuration = PostgresConnection.Configuration(
                host: endpoint.host, port: endpoint.port, username: endpoint.user, password: endpoint.password,
                database: endpoint.database, tls: tls)
            configuration.options.connectTimeout = .seconds(10)
            connection = try PostgresConnection.connect(
                on: group.next(), configuration: configuration, id: 1,
                logger: logger
            ).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw ResultStore.Error.unreachable(url: url, reason: Self.reason(error))
        }
    }

    deinit {
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// What went wrong, in the server's words when it said something.
    static func reason(_ error: any Swift.Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// Statements run through a session while it is held.
    struct Executor {
        /// Deadlock detected, serialization failure.
        static let retriedStates: Set<String> = ["40P01", "40001"]

        let connection: PostgresConnection
        let logger: Logger
        let url: String

        /// Runs one statement (`$1`, `$2`, ... bind `values`) and returns its rows.
        @discardableResult
        func rows(_ sql: String, _ values: [PostgresValue] = []) throws -> [PostgresRandomAccessRow] {
            var bindings = PostgresBindings(capacity: values.count)
            for value in values { value.append(to: &bindings) }
            do {
                let result = try connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger).wait()
                return result.rows.map { PostgresRandomAccessRow($0) }
            } catch let error as PSQLError where Self.retriedStates.contains(error.serverInfo?[.sqlState] ?? "") {
                throw Conflict(reason: PostgresSession.reason(error))
            } catch {
                throw ResultStore.Error.postgres(url: url, reason: PostgresSession.reason(error))
            }
        }

        func execute(_ sql: String, _ values: [PostgresValue] = []) throws {
            try rows(sql, values)
        }
    }

    /// Runs `body` alone on the connection, without a transaction (reads).
    func read<T>(_ body: (Executor) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(Executor(connection: connection, logger: logger, url: url))
    }

    /// A deadlock or serialization failure: the server rolled the transaction back, so it may be run again.
    struct Conflict: Swift.Error {
        var reason: String
    }

    /// Runs `body` in one transaction: all of it is stored or none. A transaction the
    /// server aborted for a deadlock with another writer is run again (a few times).
    func write<T>(_ body: (Executor) throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try read { executor in
                    try executor.execute("BEGIN")
                    do {
                        let result = try body(executor)
                        try executor.execute("COMMIT")
                        return result
                    } catch {
                        try? executor.execute("ROLLBACK")
                        throw error
                    }
                }
            } catch let conflict as Conflict {
                attempt += 1
                guard attempt < 5 else { throw ResultStore.Error.postgres(url: url, reason: conflict.reason) }
                usleep(UInt32.random(in: 1_000...20_000) << attempt)
            }
        }
    }
}

extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    func int(_ column: String) throws -> Int { Int(try value(column, as: Int64.self)) }

    func optionalInt(_ column: String) throws -> Int? { try value(column, as: Int64?.self).map { Int($0) } }
}
