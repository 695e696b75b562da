#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// Who runs a run: its process and host. A run is "running" only while its
/// owner lives; one killed (SIGKILL, a second Ctrl-C, a crash, a power cut)
/// never gets to mark itself, so the next open of the store does it.
enum RunOwner {
    /// The name of this machine: a pid means nothing on another host that
    /// shares the store's file system.
    static var host: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether process `pid` exists here (a reused pid counts as alive).
    static func isAlive(_ pid: Int64) -> Bool {
        guard pid > 0, pid <= Int64(Int32.max) else { return false }
        return kill(pid_t(pid), 0) == 0 || errno != ESRCH
    }

    static func registerMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3: run owner") { db in
            try db.alter(table: "run") { t in
                t.add(column: "ownerPID", .integer)
                t.add(column: "ownerHost", .text)
            }
        }
    }
}

extension ResultStore {
    /// Marks "abandoned" every run still "running" whose owner, on this
    /// host, no longer exists; returns how many. Called on every open.
    @discardableResult
    public func markAbandonedRuns() throws -> Int {
        let host = RunOwner.host
        if let postgres { return try postgres.markAbandonedRuns(host: host, isAlive: RunOwner.isAlive) }
        let candidates = try pool.read { db in
            try StoredRun.filter(Column("status") == "running" && Column("ownerHost") == host).fetchAll(db)
        }
        let dead = candidates.filter { run in run.ownerPID.map { !RunOwner.isAlive($0) } ?? false }
        guard !dead.isEmpty else { return 0 }
        try pool.write { db in
            for var run in dead {
                // Re-checked inside the write: another process may have marked it meanwhile.
                guard let current = try StoredRun.fetchOne(db, key: run.id), current.status == "running" else {
                    continue
                }
                run.status = "abandoned"
                run.finishedAt = Date()
                try run.update(db)
            }
        }
        return dead.count
    }
}
