import Foundation
import GRDB
@testable import Store
import Testing
import TestSupport

/// passlab cc's cache: builds told apart by directory and time, notices once
/// per build, and a cache written before build directories existed.
@Suite struct BuildCacheTests {
    static func compilation(_ directory: String, _ object: String, at date: Date) -> CompilationRecord {
        CompilationRecord(
            startedAt: date, finishedAt: date.addingTimeInterval(1), directory: directory,
            output: directory + "/" + object, source: "x.c", outcome: .tuned, optimization: "Oz", budget: 1,
            referenceBinarySize: 100, binarySize: 90, pipeline: nil, seconds: 1, fallbackReason: nil, cacheKey: nil)
    }

    @Test func buildsAreToldApartByDirectoryTimeAndObjectsMadeAgain() throws {
        let directory = Fixtures.temporaryDirectory("cc-builds")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = try BuildCache(path: directory + "/cc.sqlite")
        let start = Date()
        let a1 = try cache.record(Self.compilation("/b/one", "a.o", at: start), explicitBuildID: nil)
        // Another tree at the same time is another build.
        let other = try cache.record(
            Self.compilation("/b/two", "a.o", at: start.addingTimeInterval(1)), explicitBuildID: nil)
        let b1 = try cache.record(
            Self.compilation("/b/one", "b.o", at: start.addingTimeInterval(2)), explicitBuildID: nil)
        #expect(a1.buildID == b1.buildID && other.buildID != a1.buildID)
        // The same object again (a rebuild) starts the next build; later steps join it.
        let a2 = try cache.record(
            Self.compilation("/b/one", "a.o", at: start.addingTimeInterval(4)), explicitBuildID: nil)
        let b2 = try cache.record(
            Self.compilation("/b/one", "b.o", at: start.addingTimeInterval(6)), explicitBuildID: nil)
        #expect(a2.buildID != a1.buildID && b2.buildID == a2.buildID)
        // A pause longer than the gap starts another build.
        let late = try cache.record(
            Self.compilation("/b/one", "c.o", at: start.addingTimeInterval(400)), explicitBuildID: nil)
        #expect(late.buildID != a2.buildID)

        // A notice is new once per build.
        let notice = BuildNotice(
            buildDirectory: "/b/one", kind: "compiler", message: "gcc is not clang-19",
            at: start.addingTimeInterval(401))
        #expect(try cache.note(notice, explicitBuildID: nil))
        #expect(try !cache.note(notice, explicitBuildID: nil))
        #expect(
            try cache.note(
                BuildNotice(
                    buildDirectory: "/b/two", kind: "compiler", message: "gcc is not clang-19",
                    at: start.addingTimeInterval(401)), explicitBuildID: nil), "another tree")
        let notices = try cache.notices(builds: [late.buildID])
        #expect(notices.count == 1 && notices[0].count == 2)
        #expect(try cache.recentBuilds(limit: 10).count == 5)
    }

    /// A cache passlab cc wrote before builds had directories opens, keeps
    /// its records (their directory becomes their build's) and groups on.
    @Test func aCacheFromTheFirstSchemaIsMigrated() throws {
        let directory = Fixtures.temporaryDirectory("cc-migrate")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/cc.sqlite"
        let now = Date()
        do {
            let queue = try DatabaseQueue(path: path)
            try BuildCache.migrator.migrate(queue, upTo: "cc v1: objects, compilations")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO ccCompilation (buildID, startedAt, finishedAt, directory, output, source, outcome, optimization,
                                                   budget, referenceBinarySize, binarySize, seconds)
                        VALUES ('old', ?, ?, '/b/one', '/b/one/a.o', 'a.c', 'tuned', 'Oz', 1, 100, 90, 1.0)
                        """, arguments: [now, now])
            }
        }
        let cache = try BuildCache(path: path)
        let builds = try cache.recentBuilds(limit: 5)
        #expect(builds.map(\.id) == ["old"] && builds.first?.directory == "/b/one")
        let next = try cache.record(
            Self.compilation("/b/one", "b.o", at: now.addingTimeInterval(1)), explicitBuildID: nil)
        #expect(next.buildID == "old")
        #expect(try cache.compilations(builds: ["old"]).count == 2)
    }
}
