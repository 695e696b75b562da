#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// Opening one of PassLab's SQLite files: create its directory, open it in
/// WAL mode with a busy time-out, and bring its schema up to date. Shared
/// by the results store and `passlab cc`'s cache; each maps the failures to
/// its own error with its own hint.
enum MigratedDatabase {
    enum Failure: Error {
        case cannotOpen(reason: String)
        /// The file holds a migration this build does not know.
        case newerSchema(found: String)
    }

    static func open(path: String, busyTimeout: Double, migrator: DatabaseMigrator) throws(Failure) -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
        } catch {
            throw .cannotOpen(reason: "\(error)")
        }
        // Opening switches the file to WAL and may migrate it; SQLite's busy
        // time-out does not cover the switch of a file being created, so
        // concurrent first opens (make -j on a fresh cache) take turns.
        let lock = Glibc.open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if lock >= 0 { while flock(lock, LOCK_EX) != 0 && errno == EINTR {} }
        defer {
            if lock >= 0 {
                flock(lock, LOCK_UN)
                close(lock)
            }
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(reason: "\(error)")
        }
        do {
            // Most opens find the schema current: a read, no write lock.
            let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
            let known = Set(migrator.migrations)
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw Failure.newerSchema(found: unknown)
            }
            if Set(applied) != known { try migrator.migrate(pool) }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .cannotOpen(reason: "\(error)")
        }
        return pool
    }
}
