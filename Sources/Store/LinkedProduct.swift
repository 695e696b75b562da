import Foundation
import GRDB

/// A program or shared library a build linked with `passlab cc` (a command
/// without -c): its size, and what the objects `passlab cc` made contributed.
public struct LinkedProduct: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    /// The table of linked products in cc.sqlite, "ccLink".
    public static let databaseTableName = "ccLink"

    /// Row id; nil until inserted (`didInsert(_:)` fills it in).
    public var id: Int64?
    /// The build it belongs to, filled in by `BuildCache.record(_:explicitBuildID:gap:)`; "" before.
    public var buildID: String
    /// The build tree of the link: builds in different directories are different builds.
    public var buildDirectory: String
    /// When the link command started.
    public var startedAt: Date
    /// When the product had been linked and measured.
    public var finishedAt: Date
    /// The product, absolute.
    public var output: String
    /// Berkeley text+data of the product.
    public var binarySize: Int
    /// ELF objects among the link's inputs (archive members counted one by one).
    public var objects: Int
    /// Those `passlab cc` made (found by the SHA-256 of their bytes).
    public var passlabObjects: Int
    /// clang-19's own objects' sizes for those, summed (text+data).
    public var clangObjectsSize: Int
    /// The sizes of the objects the build got, summed (text+data).
    public var passlabObjectsSize: Int
    /// The same link with clang-19's own objects in place of PassLab's, when
    /// it was measured; nil with `plainNote` saying why not.
    public var plainBinarySize: Int?
    /// Why `plainBinarySize` is nil: a clang-19 object not in the cache, a build compiler other than clang-19, or a
    /// relink that failed.
    public var plainNote: String?

    /// Bytes the objects saved against clang-19's objects (before linking).
    public var objectSavings: Int { clangObjectsSize - passlabObjectsSize }

    /// A product for `BuildCache.record(_:explicitBuildID:gap:)`, which fills in its build.
    public init(
        buildDirectory: String, startedAt: Date, finishedAt: Date, output: String, binarySize: Int,
        objects: Int, passlabObjects: Int, clangObjectsSize: Int, passlabObjectsSize: Int, plainBinarySize: Int? = nil,
        plainNote: String? = nil
    ) {
        buildID = ""
        self.buildDirectory = buildDirectory
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.output = output
        self.binarySize = binarySize
        self.objects = objects
        self.passlabObjects = passlabObjects
        self.clangObjectsSize = clangObjectsSize
        self.passlabObjectsSize = passlabObjectsSize
        self.plainBinarySize = plainBinarySize
        self.plainNote = plainNote
    }

    /// GRDB's insertion hook: keeps the row id the insert assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
