#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB
import Support

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
    /// The SQLite file: `cc.sqlite` in `passlab cc`'s cache directory (PASSLAB_CACHE_DIR).
    public let path: String

    /// Why the cache cannot be used; `passlab cc` then tunes without it (or cannot record) rather than failing the
    /// build.
    public enum Error: UserFacingError, CustomStringConvertible {
        /// The file or its directory cannot be created, opened or migrated; `reason` says why.
        case cannotOpen(path: String, reason: String)
        /// A newer PassLab migrated the file: `found` is the migration this one does not know.
        case newerSchema(path: String, found: String)

        /// Bad data (65): the cache file or its directory is unusable; another PASSLAB_CACHE_DIR fixes it.
        public var exitCode: Int32 { 65 }

        /// The message, with the fix (another PASSLAB_CACHE_DIR).
        public var description: String {
            switch self {
            case let .cannotOpen(path, reason):
                return
                    "\(path): cannot open passlab cc's cache: \(reason). Set PASSLAB_CACHE_DIR to a writable directory."
            case let .newerSchema(path, found):
                return
                    "\(path): written by a newer PassLab (schema migration '\(found)' unknown here); use that version or another PASSLAB_CACHE_DIR."
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
        migrator.registerMigration("cc v2: build directories, object hashes, notices, linked products") { db in
            try db.alter(table: CompilationRecord.databaseTableName) { t in
                t.add(column: "buildDirectory", .text).notNull().defaults(to: "")
                t.add(column: "objectHash", .text)
            }
            try db.execute(sql: "UPDATE \(CompilationRecord.databaseTableName) SET buildDirectory = directory")
            try db.alter(table: CachedObject.databaseTableName) { t in t.add(column: "referenceObject", .blob) }
            let compilations = CompilationRecord.databaseTableName
            try db.create(index: "ccCompilation_objectHash", on: compilations, columns: ["objectHash"])
            try db.create(
                index: "ccCompilation_buildDirectory", on: compilations,
                columns: ["buildDirectory", "finishedAt"])
            try db.create(table: BuildNotice.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("buildID", .text).notNull()
                t.column("buildDirectory", .text).notNull().indexed()
                t.column("kind", .text).notNull()
                t.column("message", .text).notNull()
                t.column("firstAt", .datetime).notNull()
                t.column("lastAt", .datetime).notNull()
                t.column("count", .integer).notNull()
                t.uniqueKey(["buildID", "kind"])
            }
            try db.create(table: LinkedProduct.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("buildID", .text).notNull().indexed()
                t.column("buildDirectory", .text).notNull().indexed()
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime).notNull()
                t.column("output", .text).notNull()
                t.column("binarySize", .integer).notNull()
                t.column("objects", .integer).notNull()
                t.column("passlabObjects", .integer).notNull()
                t.column("clangObjectsSize", .integer).notNull()
                t.column("passlabObjectsSize", .integer).notNull()
                t.column("plainBinarySize", .integer)
                t.column("plainNote", .text)
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

    /// Records a compilation, filling in its build (`build(in:at:output:explicitBuildID:gap:)`).
    @discardableResult
    public func record(
        _ compilation: CompilationRecord, explicitBuildID: String?, gap: Double = 120
    ) throws -> CompilationRecord {
        var compilation = compilation
        try pool.write { db in
            compilation.buildID = try Self.build(
                db, in: compilation.buildDirectory, at: compilation.startedAt,
                output: compilation.output, explicitBuildID: explicitBuildID, gap: gap)
            try compilation.insert(db)
        }
        return compilation
    }

    /// The build that activity in `directory` starting at `date` belongs
    /// to: `explicitBuildID` when given (PASSLAB_BUILD_ID); else the build
    /// of the latest activity (a compilation, a link, a notice) in the same
    /// build directory when it was at most `gap` seconds before (one build's
    /// steps follow each other closely) and that build has not made
    /// `output` yet (a build makes each object and product once: the same
    /// one again is the next build, such as a rebuild from the cache); else
    /// a new build named after `date`.
    static func build(
        _ db: Database, in directory: String, at date: Date, output: String?, explicitBuildID: String?,
        gap: Double
    ) throws -> String {
        if let explicitBuildID, !explicitBuildID.isEmpty { return explicitBuildID }
        let latest = try Row.fetchOne(
            db,
            sql: """
                SELECT buildID, at FROM (
                    SELECT buildID, finishedAt AS at FROM \(CompilationRecord.databaseTableName)
                        WHERE buildDirectory = ?
                    UNION ALL SELECT buildID, lastAt AS at FROM \(BuildNotice.databaseTableName) WHERE buildDirectory = ?
                    UNION ALL SELECT buildID, finishedAt AS at FROM \(LinkedProduct.databaseTableName)
                        WHERE buildDirectory = ?)
                ORDER BY at DESC LIMIT 1
                """, arguments: [directory, directory, directory])
        if let latest, let id: String = latest["buildID"], let at: Date = latest["at"],
            date.timeIntervalSince(at) <= gap
        {
            guard let output else { return id }
            let mine = Column("buildID") == id && Column("output") == output
            let made = try CompilationRecord.filter(mine).fetchCount(db) + LinkedProduct.filter(mine).fetchCount(db)
            if made == 0 { return id }
        }
        return buildName(date)
    }

    /// Notes `notice` in its build; true when it is the first of its kind
    /// in that build (the caller says it then, and only then: once per
    /// build, not once per compile).
    public func note(_ notice: BuildNotice, explicitBuildID: String?, gap: Double = 120) throws -> Bool {
        try pool.write { db in
            let build = try Self.build(
                db, in: notice.buildDirectory, at: notice.firstAt, output: nil,
                explicitBuildID: explicitBuildID, gap: gap)
            let same = Column("buildID") == build && Column("kind") == notice.kind
            if var existing = try BuildNotice.filter(same).fetchOne(db) {
                existing.lastAt = max(existing.lastAt, notice.lastAt)
                existing.count += 1
                try existing.update(db)
                return false
            }
            var fresh = notice
            fresh.buildID = build
            try fresh.insert(db)
            return true
        }
    }

    /// Records a linked product in its build.
    @discardableResult
    public func record(_ product: LinkedProduct, explicitBuildID: String?, gap: Double = 120) throws -> LinkedProduct {
        var product = product
        try pool.write { db in
            product.buildID = try Self.build(
                db, in: product.buildDirectory, at: product.startedAt,
                output: product.output, explicitBuildID: explicitBuildID, gap: gap)
            try product.insert(db)
        }
        return product
    }

    /// The latest compilation that wrote each of these objects (by the
    /// SHA-256 of its bytes), in any build.
    public func compilations(objectHashes: Set<String>) throws -> [String: CompilationRecord] {
        guard !objectHashes.isEmpty else { return [:] }
        return try pool.read { db in
            var found: [String: CompilationRecord] = [:]
            let request = CompilationRecord.filter(objectHashes.contains(Column("objectHash")))
                .order(Column("finishedAt"), Column("id"))
            for record in try request.fetchAll(db) {
                if let hash = record.objectHash { found[hash] = record }
            }
            return found
        }
    }

    /// The notices of these builds (ids from `recentBuilds(limit:)`), by first occurrence.
    public func notices(builds: [String]) throws -> [BuildNotice] {
        try pool.read { db in
            try BuildNotice.filter(builds.contains(Column("buildID"))).order(Column("firstAt")).fetchAll(db)
        }
    }

    /// The products these builds linked, in the order they finished.
    public func products(builds: [String]) throws -> [LinkedProduct] {
        try pool.read { db in
            try LinkedProduct.filter(builds.contains(Column("buildID"))).order(Column("finishedAt")).fetchAll(db)
        }
    }

    static func buildName(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// The most recent builds, newest first: (build id, its build directory,
    /// first start, last finish), over compilations, links and notices.
    public func recentBuilds(
        limit: Int
    ) throws
        -> [(id: String, directory: String, startedAt: Date, finishedAt: Date)]
    {
        try pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT buildID, MIN(directory) AS directory, MIN(startedAt) AS startedAt,
                           MAX(finishedAt) AS finishedAt FROM (
                        SELECT buildID, buildDirectory AS directory, startedAt, finishedAt
                            FROM \(CompilationRecord.databaseTableName)
                        UNION ALL SELECT buildID, buildDirectory, firstAt, lastAt FROM \(BuildNotice.databaseTableName)
                        UNION ALL SELECT buildID, buildDirectory, startedAt, finishedAt
                            FROM \(LinkedProduct.databaseTableName))
                    GROUP BY buildID ORDER BY MAX(finishedAt) DESC LIMIT ?
                    """, arguments: [limit])
            return rows.map {
                (
                    id: $0["buildID"], directory: $0["directory"], startedAt: $0["startedAt"],
                    finishedAt: $0["finishedAt"]
                )
            }
        }
    }

    /// The compilations of these builds, in the order they finished.
    public func compilations(builds: [String]) throws -> [CompilationRecord] {
        try pool.read { db in
            try CompilationRecord.filter(builds.contains(Column("buildID"))).order(Column("finishedAt"), Column("id"))
                .fetchAll(db)
        }
    }

    /// Objects cached and their total size in bytes.
    public func statistics() throws -> (objects: Int, bytes: Int) {
        try pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(object)), 0) AS bytes FROM \(CachedObject.databaseTableName)"
            )
            return (row?["n"] ?? 0, row?["bytes"] ?? 0)
        }
    }

    /// The journal mode in force ("wal"), for tests and diagnostics.
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}

/// An object `passlab cc` made, keyed by everything that determines it: the
/// frontend's IR (hashed), the flags that lower it, the compiler, LLVM, the
/// predictor and the budget (`contextHash`).
public struct CachedObject: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// The table of cached objects in cc.sqlite, "ccObject".
    public static let databaseTableName = "ccObject"
    /// SHA-256 (hex) of "irHash|contextHash": the primary key a compile looks up.
    public var key: String
    /// SHA-256 (hex) of the bitcode the frontend wrote for the translation unit.
    public var irHash: String
    /// SHA-256 (hex) of everything else that shapes the object: the cache format, LLVM, the compiler's identity, the
    /// predictor's bytes, the budget, per-function mode and the code generation flags.
    public var contextHash: String
    /// The LLVM version that made the object.
    public var llvmVersion: String
    /// Which predictor proposed the lists ("embedded").
    public var predictor: String
    /// Pass lists compiled besides the -Oz/-Os backup (PASSLAB_BUDGET).
    public var budget: Int
    /// "Oz" or "Os": the level the reference was compiled at.
    public var optimization: String
    /// The chosen pass list; the reference's pipeline when it won.
    public var pipeline: String
    /// True when a tuned list beat the reference.
    public var tuned: Bool
    /// Berkeley text+data of clang-19's own object (the -Oz/-Os backup).
    public var referenceBinarySize: Int
    /// Bytes (Berkeley text + data) of `object`, the object the build gets.
    public var binarySize: Int
    /// Bytes of Berkeley text of `object`.
    public var text: Int
    /// Bytes of Berkeley data of `object`.
    public var data: Int
    /// Objects compared (the reference included).
    public var candidates: Int
    /// The object file's bytes, written as the build's output on a hit.
    public var object: Data
    /// What the compiler printed on standard error past the frontend (code
    /// generation's warnings), replayed on a hit.
    public var diagnostics: String
    /// Seconds tuning took when the object was made, after the frontend (a hit costs none of it).
    public var tuneSeconds: Double
    /// When the object was stored.
    public var createdAt: Date
    /// clang-19's own object when PassLab's won (nil when they are the same
    /// object), so that a link can be measured as a plain clang-19 build's.
    public var referenceObject: Data?

    /// An entry for `store(_:)`; `referenceObject` is nil when clang-19's own object won.
    public init(
        key: String, irHash: String, contextHash: String, llvmVersion: String, predictor: String, budget: Int,
        optimization: String,
        pipeline: String, tuned: Bool, referenceBinarySize: Int, binarySize: Int, text: Int, data: Int, candidates: Int,
        object: Data,
        diagnostics: String, tuneSeconds: Double, createdAt: Date = Date(), referenceObject: Data? = nil
    ) {
        self.referenceObject = referenceObject
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
    /// The table of compilations in cc.sqlite, "ccCompilation".
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

    /// Row id; nil until recorded (`didInsert(_:)` fills it in).
    public var id: Int64?
    /// The build it belongs to, filled in by `BuildCache.record(_:explicitBuildID:gap:)` (PASSLAB_BUILD_ID, or the ISO
    /// 8601 time of the build's first step); "" before.
    public var buildID: String
    /// When `passlab cc` started the compile.
    public var startedAt: Date
    /// When the object was written (or the fallback compile ended).
    public var finishedAt: Date
    /// The compiler's working directory.
    public var directory: String
    /// The object, absolute.
    public var output: String
    /// The translation unit's source file, as the command line named it.
    public var source: String
    /// How the object was made: tuned, from the cache, or by the build's own compile.
    public var outcome: Outcome
    /// The size level of the compile: "Oz" or "Os".
    public var optimization: String
    /// `passlab cc`'s budget (PASSLAB_BUDGET) at the time.
    public var budget: Int
    /// Bytes (text + data) of clang-19's own object, the backup (for a fallback, of the object the build's own command
    /// made); nil when unknown: the compile failed.
    public var referenceBinarySize: Int?
    /// The object written.
    public var binarySize: Int?
    /// The `opt -p` text of the object's list (the reference's when it won); nil for a fallback.
    public var pipeline: String?
    /// Wall-clock seconds of the whole compile, as the build waited for it.
    public var seconds: Double
    /// Why the build's own compile ran instead; nil unless `outcome` is `.fallback`.
    public var fallbackReason: String?
    /// The `CachedObject.key` looked up or stored; nil for a fallback.
    public var cacheKey: String?
    /// The build's directory (`directory` or the build tree it is in): builds
    /// in different directories are different builds.
    public var buildDirectory: String
    /// SHA-256 of the object written, to find it again in a linked product.
    public var objectHash: String?

    /// A compilation for `BuildCache.record(_:explicitBuildID:gap:)`, which fills in `buildID`; `buildDirectory`
    /// defaults to `directory`.
    public init(
        startedAt: Date, finishedAt: Date, directory: String, output: String, source: String, outcome: Outcome,
        optimization: String,
        budget: Int, referenceBinarySize: Int?, binarySize: Int?, pipeline: String?, seconds: Double,
        fallbackReason: String?,
        cacheKey: String?, buildDirectory: String? = nil, objectHash: String? = nil
    ) {
        self.buildID = ""
        self.buildDirectory = buildDirectory ?? directory
        self.objectHash = objectHash
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

    /// GRDB's insertion hook: keeps the row id the insert assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
