import CompilerWrapper
import Datasets
import Foundation
import Testing
import TestSupport
import Toolchain

/// The corpus's pinned code base `name` (fetched and checked by sha256 the
/// first time) built three ways by `BuildComparison.run` with the recipe made
/// from its tree (`subdirectory` of the unpacked root), the built passlab and
/// `make -j2`; `body` gets the comparison and the scratch directory (its
/// `cache/cc.sqlite`), which is removed afterwards.
func compareBuilds(
    of name: String, subdirectory: String = "", recipe: (_ tree: String) -> BuildRecipe,
    _ body: (BuildComparison, _ scratch: String) throws -> Void
) throws {
    let (spec, _) = try CorpusSpec.load(path: Fixtures.root + "/corpus/sources.json")
    let codeBase = try #require(spec.codeBases.first { $0.name == name })
    let tree = try SourceArchives(cache: SourceArchives.defaultCache).sourceTree(
        of: codeBase, subdirectory: subdirectory)
    let scratch = Fixtures.temporaryDirectory("\(name)-build")
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let comparison = try BuildComparison.run(
        recipe(tree), passlab: Fixtures.passlabExecutable, compiler: try Toolchain.findCompiler(cxx: false),
        budget: DropInSettings.defaultBudget, scratch: scratch)
    print(comparison.text)
    try body(comparison, scratch)
}
