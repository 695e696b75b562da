import CompilerWrapper
import Datasets
import DropInPlanning
import Foundation
import Testing
import TestSupport
import Toolchain

/// The corpus's pinned copy of `codeBase` (fetched and checked by sha256 the
/// first time) built three ways by `BuildComparison.run` with its recipe, the
/// built passlab and `make -j2`; `body` gets the comparison and the scratch
/// directory (its `cache/cc.sqlite`), which is removed afterwards.
func compareBuilds(
    of codeBase: BuildRecipe.CodeBase, _ body: (BuildComparison, _ scratch: String) throws -> Void
) throws {
    let (spec, _) = try CorpusSpec.load(path: Fixtures.root + "/corpus/sources.json")
    let pinned = try #require(spec.codeBases.first { $0.name == codeBase.rawValue })
    let tree = try SourceArchives(cache: SourceArchives.defaultCache).sourceTree(
        of: pinned, subdirectory: codeBase.treeSubdirectory)
    let scratch = Fixtures.temporaryDirectory("\(codeBase.rawValue)-build")
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let comparison = try BuildComparison.run(
        codeBase.recipe(source: tree, jobs: 2), passlab: Fixtures.passlabExecutable,
        compiler: try Toolchain.findCompiler(cxx: false), budget: DropInSettings.defaultBudget, scratch: scratch)
    print(comparison.text)
    try body(comparison, scratch)
}
