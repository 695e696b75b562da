import Foundation
import GRDB

/// Something `passlab cc` tells a build once, not once per compile (a
/// compiler other than clang-19, so nothing is tuned): said on standard
/// error the first time in a build and shown by `passlab cc --report`.
public struct BuildNotice: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    /// The table of notices in cc.sqlite, "ccNotice".
    public static let databaseTableName = "ccNotice"

    /// Row id; nil until inserted (`didInsert(_:)` fills it in).
    public var id: Int64?
    /// The build it belongs to, filled in by `BuildCache.note(_:explicitBuildID:gap:)`; "" before.
    public var buildID: String
    /// The build tree it was said in: builds in different directories are different builds.
    public var buildDirectory: String
    /// What it is about (one notice of a kind per build), e.g. "compiler".
    public var kind: String
    /// The text said, with the fix.
    public var message: String
    /// When it was first said in the build.
    public var firstAt: Date
    /// When the latest command it applied to ran.
    public var lastAt: Date
    /// Commands of the build it applied to.
    public var count: Int

    /// A notice for `BuildCache.note(_:explicitBuildID:gap:)`, first and last seen at `date`, applying to one command;
    /// its build is filled in there.
    public init(buildDirectory: String, kind: String, message: String, at date: Date = Date()) {
        buildID = ""
        self.buildDirectory = buildDirectory
        self.kind = kind
        self.message = message
        firstAt = date
        lastAt = date
        count = 1
    }

    /// GRDB's insertion hook: keeps the row id the insert assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
