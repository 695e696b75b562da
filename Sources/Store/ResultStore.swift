import CodeSize
import Foundation
import GRDB
import Support

/// The results store: programs, pipelines, measurements and runs in SQLite
/// (WAL mode, through GRDB), so that long runs are resumable and nothing
/// measured is ever measured twice.
///
/// Every measurement row carries what produced it: the LLVM version, the
/// whole protocol (name, codegen level, relocation model, triple) and the
/// outcome. A write is one transaction; a process killed with SIGKILL loses at
/// most the evaluations it had not yet recorded.
public final class ResultStore: Sendable {
    /// The SQLite database; nil for a PostgreSQL store (`postgres`).
    let pool: DatabasePool!
    /// The same store in PostgreSQL: every public method goes there first.
    let postgres: PostgresStore?
    /// The SQLite file, or the PostgreSQL URL.
    public let path: String

    /// Why a results store cannot be opened, reached or used for a command; every message names the store (passwords in
    /// URLs redacted) and the fix.
    public enum Error: UserFacingError, CustomStringConvertible {
        /// The SQLite file or its directory cannot be created, opened or migrated; `reason` is SQLite's or the file
        /// system's.
        case cannotOpen(path: String, reason: String)
        /// The store holds migration `found`, which this PassLab does not know: a newer version wrote it, so this one
        /// refuses it rather than misread it.
        case newerSchema(path: String, found: String)
        /// A `--db` value that is no store this PassLab can open.
        case unsupportedURL(url: String, reason: String)
        /// A PostgreSQL server that cannot be reached, or a database it does not have.
        case unreachable(url: String, reason: String)
        /// A statement the PostgreSQL server refused or could not finish.
        case postgres(url: String, reason: String)
        /// A command that still works on SQLite stores only.
        case needsSQLite(url: String, command: String)
        /// `passlab store copy` into a store that has rows, without --append.
        case copyDestinationNotEmpty(url: String, rows: Int)
        /// `passlab store copy` from a SQLite file that does not exist.
        case copySourceMissing(url: String)

        /// 64 for a `--db` the user must change, 69 for a PostgreSQL server that cannot be reached or fails, 65 for a
        /// store file that cannot be used.
        public var exitCode: Int32 {
            switch self {
            case .unsupportedURL, .needsSQLite, .copyDestinationNotEmpty, .copySourceMissing: return 64
            case .unreachable, .postgres: return 69
            case .cannotOpen, .newerSchema: return 65
            }
        }

        /// The message, with the password of any URL in it replaced by `***` (`StoreLocation.redacted`).
        public var description: String { StoreLocation.redacted(unredactedDescription) }

        private var unredactedDescription: String {
            switch self {
            case let .cannotOpen(path, reason):
                return "\(path): cannot open the results store: \(reason). Give a writable path with --db."
            case let .newerSchema(path, found):
                return
                    "\(path): written by a newer PassLab (schema migration '\(found)' unknown here); use that version or another --db."
            case let .unsupportedURL(url, reason):
                return "--db \(url): \(reason); give a SQLite file on a file system every node shares "
                    + "(e.g. --db /shared/results.sqlite or --db sqlite:///shared/results.sqlite) "
                    + "or a PostgreSQL URL (--db postgres://user@host:5432/database)."
            case let .unreachable(url, reason):
                return "--db \(url): cannot connect to the PostgreSQL store: \(reason). Check that the server runs, "
                    + "that host, port, user and database are right, and that the database exists (createdb)."
            case let .postgres(url, reason):
                return "--db \(url): the PostgreSQL store failed: \(reason)."
            case let .copyDestinationNotEmpty(url, rows):
                return
                    "\(url): the destination already holds \(rows) rows; give an empty store, or --append to add to it"
            case let .copySourceMissing(url):
                return "\(url): no such results store to copy from"
            case let .needsSQLite(url, command):
                return "--db \(url): `\(command)` works on SQLite stores only so far; copy the store to a SQLite file "
                    + "first (passlab store copy \(url) results.sqlite) and give that file."
            }
        }
    }

    /// Opens (creating if needed) and migrates the store. Concurrent
    /// processes may open the same file: WAL plus a busy time-out.
    public init(path: String) throws {
        self.path = path
        postgres = nil
        do {
            pool = try MigratedDatabase.open(path: path, busyTimeout: 30, migrator: Self.migrator)
        } catch {
            switch error {
            case .cannotOpen(let reason): throw Error.cannotOpen(path: path, reason: reason)
            case .newerSchema(let found): throw Error.newerSchema(path: path, found: found)
            }
        }
        // Best effort: a store that cannot be written here fails on its first real write instead.
        _ = try? markAbandonedRuns()
    }

    /// Opens (creating the schema if needed) the PostgreSQL store at `url`
    /// (`postgres://user@host:port/database`); the database must exist.
    public init(postgresURL url: String) throws {
        path = url
        pool = nil
        postgres = try PostgresStore(url: url)
        _ = try? markAbandonedRuns()
    }

    /// Whether this store lives in PostgreSQL.
    public var isPostgres: Bool { postgres != nil }

    /// The error for a SQLite-only operation asked of a PostgreSQL store.
    func requireSQLite(_ command: String) throws {
        if postgres != nil { throw Error.needsSQLite(url: path, command: command) }
    }

    /// The schema, one migration per change, from day one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: programs, pipelines, runs, measurements") { db in
            try db.create(table: "program") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("contentHash", .text).notNull()
                t.column("llvmVersion", .text).notNull()
                t.column("name", .text).notNull()
                t.column("benchmark", .text).notNull().defaults(to: "")
                t.column("instructionCount", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
                t.uniqueKey(["contentHash", "llvmVersion"])
            }
            try db.create(table: "pipeline") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("text", .text).notNull().unique()
                t.column("length", .integer).notNull()
            }
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("command", .text).notNull()
                t.column("seed", .integer).notNull()
                t.column("budget", .integer).notNull()
                t.column("llvmVersion", .text).notNull()
                t.column("protocolKey", .text).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
                t.column("status", .text).notNull()
            }
            try db.create(table: "measurement") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("program", onDelete: .cascade).notNull()
                t.belongsTo("pipeline", onDelete: .cascade).notNull()
                t.belongsTo("run", onDelete: .setNull)
                t.column("protocolKey", .text).notNull()
                t.column("protocolName", .text).notNull()
                t.column("codegen", .text).notNull()
                t.column("reloc", .text).notNull()
                t.column("triple", .text).notNull()
                t.column("llvmVersion", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("detail", .text).notNull().defaults(to: "")
                t.column("instructionCount", .integer)
                t.column("text", .integer)
                t.column("data", .integer)
                t.column("bss", .integer)
                t.column("binarySize", .integer)
                t.column("seconds", .double).notNull()
                t.column("createdAt", .datetime).notNull()
                t.uniqueKey(["programId", "pipelineId", "protocolKey"])
            }
        }
        StoredVerdict.registerMigration(&migrator)
        RunOwner.registerMigration(&migrator)
        StoredVerdict.registerSkippedMigration(&migrator)
        StoredProgramOutcome.registerMigration(&migrator)
        ShardProgram.registerMigration(&migrator)
        StoredTuneResult.registerMigration(&migrator)
        return migrator
    }

    /// The migrations this store has applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        if let postgres { return try postgres.appliedMigrations() }
        return try pool.read { db in try Self.migrator.appliedIdentifiers(db).sorted() }
    }

    /// The journal mode in force ("wal").
    public func journalMode() throws -> String {
        try requireSQLite("journal mode")
        return try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}

extension MeasurementProtocol {
    /// A stable key for everything in the protocol ("shipping|O2|pic|x86_64-unknown-linux-gnu|always-inline",
    /// "paper|O0|pic|x86_64-unknown-linux-gnu"). Name, codegen level, relocation model, triple, and the IR passes run
    /// before codegen when there are any beyond the paper's `clang -c` (shipping's always-inliner), so measurements
    /// made before that rule are never mixed with those made after.
    public var storeKey: String {
        ([name.rawValue, codeGen.rawValue, reloc.rawValue, triple] + (optFinalizationPipeline.map { [$0] } ?? []))
            .joined(separator: "|")
    }
}
