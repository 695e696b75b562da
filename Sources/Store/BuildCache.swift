#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// `passlab cc`'s store: objects already tuned (the cache) and one record per
/// compilation (for `passlab cc --report`), in its own SQLite file
/// (`cc.sqlite`, WAL), apart from the results store: a build writes to it
/// from many processes at once, and it holds object bytes, not measurements.
///
/// Safe under `make -j`: every process opens the file, reads and writes in
/// short transactions and waits (busy time-out) instead of failing while
/// another one writes.
public final class BuildCache: Sendable {
    let pool: DatabasePool
    public let path: String

    public enum Error: Swift.Error, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)
        case newerSchema(path: String, found: String)

        public var description: String {
            switch self {
            case let .cannotOpen(path, reason):
                return "\(path): cannot open passlab cc's cache: \(reason). Set PASSLAB_CACHE_DIR to a writable directory."
            case let .newerSchema(path, found):
                return "\(path): written by a newer PassLab (schema migration '\(found)' unknown here); use that version or another PASSLAB_CACHE_DIR."
            }
        }
    }

    /// Opens (creating if needed) and migrates the cache.
    public init(path: String, busyTimeout: Double = 60) throws {
        self.path = path
        do {
            pool = try MigratedDatabase.open(path: path, busyTimeout: busyTimeout, migrator: Self.migrator)
        } catch {
            switch error {
            case .cannotOpen(let reason): throw Error.cannotOpen(path: path, reason: reason)
            case .newerSchema(let found): throw Error.newerSchema(path: path, found: found)
            }
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("cc v1: objects, compilations") { db in
            try db.create(table: CachedObject.databaseTableName) { t in
                t.primaryKey("key", .text)
                t.column("irHash", .text).notNull()
                t.column("contextHash", .text).notNull()
                t.column("llvmVersion", .text).notNull()
                t.column("predictor", .text).notNull()
                t.column("budget", .integer).notNull()
                t.column("optimization", .text).notNull()
                t.column("pipeline", .text).notNull()
                t.column("tuned", .boolean).notNull()
                t.column("referenceBinarySize", .integer).notNull()
                t.column("binarySize", .integer).notNull()
                t.column("text", .integer).notNull()
                t.column("data", .integer).notNull()
                t.column("candidates", .integer).notNull()
                t.column("object", .blob).notNull()
                t.column("diagnostics", .text).notNull()
                t.column("tuneSeconds", .double).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: CompilationRecord.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("buildID", .text).notNull().indexed()
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime).notNull().indexed()
                t.column("directory", .text).notNull()
                t.column("output", .text).notNull()
                t.column("source", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("optimization", .text).notNull()
                t.column("budget", .integer).notNull()
                t.column("referenceBinarySize", .integer)
                t.column("binarySize", .integer)
                t.column("pipeline", .text)
                t.column("seconds", .double).notNull()
                t.column("fallbackReason", .text)
                t.column("cacheKey", .text)
            }
        }
        return migrator
    }

    /// The cached object for `key`, if any.
    public func object(forKey key: String) throws -> CachedObject? {
        try pool.read { db in try CachedObject.fetchOne(db, key: key) }
    }

    /// Stores (or replaces) an object.
    public func store(_ object: CachedObject) throws {
        try pool.write { db in try object.save(db) }
    }

    /// Records a compilation, filling in its build: `explicitBuildID` when
    /// given (PASSLAB_BUILD_ID), else the build of the latest record when
    /// this compilation started at most `gap` seconds after that record
    /// finished (one build's compilations follow each other closely) and
    /// that build has not made this object yet (a build makes each object
    /// once: the same object again is the next build), else a new build
    /// named after this compilation's start.
    @discardableResult
    public func record(_ compilation: CompilationRecord, explicitBuildID: String?, gap: Double = 120) throws -> CompilationRecord {
        var compilation = compilation
        try pool.write { db in
            if let explicitBuildID, !explicitBuildID.isEmpty {
                compilation.buildID = explicitBuildID
            } else {
                let latest = try CompilationRecord.order(Column("finishedAt").desc).limit(1).fetchOne(db)
                if let latest, compilation.startedAt.timeIntervalSince(latest.finishedAt) <= gap,
                   try CompilationRecord.filter(Column("buildID") == latest.buildID && Column("output") == compilation.output).fetchCount(db) == 0 {
                    compilation.buildID = latest.buildID
                } else {
                    compilation.buildID = Self.buildName(compilation.startedAt)
                }
            }
            try compilation.insert(db)
        }
        return compilation
    }

    static func buildName(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// The most recent builds, newest first: (build id, first start, last finish).
    public func recentBuilds(limit: Int) throws -> [(id: String, startedAt: Date, finishedAt: Date)] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT buildID, MIN(startedAt) AS startedAt, MAX(finishedAt) AS finishedAt FROM \(CompilationRecord.databaseTableName)
                GROUP BY buildID ORDER BY MAX(finishedAt) DESC LIMIT ?
                """, arguments: [limit])
            return rows.map { (id: $0["buildID"], startedAt: $0["startedAt"], finishedAt: $0["finishedAt"]) }
        }
    }

    /// The compilations of these builds, in the order they finished.
    public func compilations(builds: [String]) throws -> [CompilationRecord] {
        try pool.read { db in
            try CompilationRecord.filter(builds.contains(Column("buildID"))).order(Column("finishedAt"), Column("id")).fetchAll(db)
        }
    }

    /// Objects cached and their total size in bytes.
    public func statistics() throws -> (objects: Int, bytes: Int) {
        try pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(object)), 0) AS bytes FROM \(CachedObject.databaseTableName)")
            return (row?["n"] ?? 0, row?["bytes"] ?? 0)
        }
    }

    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}

/// An object `passlab cc` made, keyed by everything that determines it: the
/// frontend's IR (hashed), the flags that lower it, the compiler, LLVM, the
/// predictor and the budget (`contextHash`).
public struct CachedObject: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "ccObject"
    public var key: String
    public var irHash: String
    public var contextHash: String
    public var llvmVersion: String
    public var predictor: String
    public var budget: Int
    /// "Oz" or "Os": the level the reference was compiled at.
    public var optimization: String
    /// The chosen pass list; the reference's pipeline when it won.
    public var pipeline: String
    /// True when a tuned list beat the reference.
    public var tuned: Bool
    /// Berkeley text+data of clang-19's own object (the -Oz/-Os backup).
    public var referenceBinarySize: Int
    public var binarySize: Int
    public var text: Int
    public var data: Int
    /// Objects compared (the reference included).
    public var candidates: Int
    public var object: Data
    /// What the compiler printed on standard error past the frontend (code
    /// generation's warnings), replayed on a hit.
    public var diagnostics: String
    public var tuneSeconds: Double
    public var createdAt: Date

    public init(key: String, irHash: String, contextHash: String, llvmVersion: String, predictor: String, budget: Int, optimization: String,
                pipeline: String, tuned: Bool, referenceBinarySize: Int, binarySize: Int, text: Int, data: Int, candidates: Int, object: Data,
                diagnostics: String, tuneSeconds: Double, createdAt: Date = Date()) {
        self.key = key
        self.irHash = irHash
        self.contextHash = contextHash
        self.llvmVersion = llvmVersion
        self.predictor = predictor
        self.budget = budget
        self.optimization = optimization
        self.pipeline = pipeline
        self.tuned = tuned
        self.referenceBinarySize = referenceBinarySize
        self.binarySize = binarySize
        self.text = text
        self.data = data
        self.candidates = candidates
        self.object = object
        self.diagnostics = diagnostics
        self.tuneSeconds = tuneSeconds
        self.createdAt = createdAt
    }
}

/// One `passlab cc` compilation of a translation unit to an object.
public struct CompilationRecord: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "ccCompilation"

    /// How the object was made.
    public enum Outcome: String, Sendable, Codable, Hashable {
        /// Tuned now (the object is PassLab's or clang's, whichever is smaller).
        case tuned
        /// Copied from the cache.
        case cacheHit
        /// clang-19 compiled it as the build asked (`fallbackReason` says why).
        case fallback
    }

    public var id: Int64?
    public var buildID: String
    public var startedAt: Date
    public var finishedAt: Date
    public var directory: String
    /// The object, absolute.
    public var output: String
    public var source: String
    public var outcome: Outcome
    public var optimization: String
    public var budget: Int
    /// clang-19's own object (nil when unknown: the compile failed).
    public var referenceBinarySize: Int?
    /// The object written.
    public var binarySize: Int?
    public var pipeline: String?
    public var seconds: Double
    public var fallbackReason: String?
    public var cacheKey: String?

    public init(startedAt: Date, finishedAt: Date, directory: String, output: String, source: String, outcome: Outcome, optimization: String,
                budget: Int, referenceBinarySize: Int?, binarySize: Int?, pipeline: String?, seconds: Double, fallbackReason: String?,
                cacheKey: String?) {
        self.buildID = ""
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.directory = directory
        self.output = output
        self.source = source
        self.outcome = outcome
        self.optimization = optimization
        self.budget = budget
        self.referenceBinarySize = referenceBinarySize
        self.binarySize = binarySize
        self.pipeline = pipeline
        self.seconds = seconds
        self.fallbackReason = fallbackReason
        self.cacheKey = cacheKey
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
