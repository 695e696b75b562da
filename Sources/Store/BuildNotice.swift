import Foundation
import GRDB

/// Something `passlab cc` tells a build once, not once per compile (a
/// compiler other than clang-19, so nothing is tuned): said on standard
/// error the first time in a build and shown by `passlab cc --report`.
public struct BuildNotice: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "ccNotice"

    public var id: Int64?
    public var buildID: String
    public var buildDirectory: String
    /// What it is about (one notice of a kind per build), e.g. "compiler".
    public var kind: String
    /// The text said, with the fix.
    public var message: String
    public var firstAt: Date
    public var lastAt: Date
    /// Commands of the build it applied to.
    public var count: Int

    public init(buildDirectory: String, kind: String, message: String, at date: Date = Date()) {
        buildID = ""
        self.buildDirectory = buildDirectory
        self.kind = kind
        self.message = message
        firstAt = date
        lastAt = date
        count = 1
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
