@testable import Datasets
import Foundation
import Support
import Testing
import TestSupport
import Toolchain

@Suite struct PathGlobTests {
    @Test func starStaysInOneDirectory() {
        let glob = PathGlob("src/*.c")
        #expect(glob.matches("src/core.c"))
        #expect(!glob.matches("src/unix/core.c"))
        #expect(!glob.matches("src/core.h"))
        #expect(!glob.matches("xsrc/core.c"))
    }

    @Test func doubleStarSpansDirectories() {
        #expect(PathGlob("src/**/*.c").matches("src/core.c"))
        #expect(PathGlob("src/**/*.c").matches("src/a/b/core.c"))
        #expect(PathGlob("**/windows/**").matches("src/platform/windows/win_io.c"))
        #expect(!PathGlob("**/windows/**").matches("src/platform/posix/posix_io.c"))
        #expect(PathGlob("**/*_test.c").matches("src/sp/x_test.c"))
        #expect(PathGlob("a?c.c").matches("abc.c") && !PathGlob("a?c.c").matches("a/c.c"))
        #expect(PathGlob("lib+1.c").matches("lib+1.c") && !PathGlob("lib+1.c").matches("libb1.c"))
    }

    @Test func selectionHonoursExcludes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("passlab-glob-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for file in ["a.c", "b.c", "b.h", "sub/c.c", "sub/win/d.c"] {
            let path = root + "/" + file
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("int x;\n".utf8).write(to: URL(fileURLWithPath: path))
        }
        let codeBase = CorpusSpec.CodeBase(
            name: "t", package: "t", version: "1", licence: "MIT", url: "https://example.invalid/t.tar.gz",
            sha256: String(repeating: "0", count: 64), root: ".", sources: ["*.c", "sub/**/*.c"],
            exclude: ["b.c", "**/win/**"], includeDirectories: nil, defines: nil)
        #expect(codeBase.selectSources(in: root) == ["a.c", "sub/c.c"])
    }
}

/// Real builds: two small pinned PyPI archives (lz4's and libyaml's C
/// sources, ~400 KB) fetched from files.pythonhosted.org, real csmith and
/// clang-19.
@Suite(.serialized) struct CorpusBuildTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("passlab-corpus-\(getpid())").path
    var specPath: String { Fixtures.root + "/corpus/sources.json" }

    func options(output: String, spec: String? = nil, csmith: Int = 2) -> CorpusBuilder.Options {
        CorpusBuilder.Options(
            output: output, specPath: spec ?? specPath, cache: scratch + "/cache", jobs: 2, csmithCount: csmith,
            humanEvalPath: nil, only: ["lz4", "libyaml"])
    }

    @Test func buildsVerifiedUnitsAndResumes() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let toolchain = try Toolchain.find()
        let output = scratch + "/corpus"
        let manifest = try CorpusBuilder(options: options(output: output), toolchain: toolchain).build { _ in }
        let counts = Dictionary(uniqueKeysWithValues: manifest.counts.map { ($0.codeBase, $0.units) })
        #expect(counts["lz4"] == 4)
        #expect(counts["libyaml"] == 8)
        #expect(counts["csmith"] == 2)
        for unit in manifest.units where unit.skipped == nil {
            let bytes = try #require(FileManager.default.contents(atPath: output + "/" + unit.path))
            #expect(SHA256.hex(Array(bytes)) == unit.sha256)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains("\ndefine "))
            // The paper's frontend: -Oz without LLVM passes keeps optnone off and minsize on.
            #expect(text.contains("minsize"))
        }
        let lz4 = try #require(manifest.codeBases.first { $0.name == "lz4" })
        #expect(lz4.licence.contains("BSD") && lz4.url.hasPrefix("https://files.pythonhosted.org/"))
        #expect(manifest.units.contains { $0.path == "lz4/lz4hc.ll" && $0.origin == "lz4hc.c" })

        // Sampling: one unit per code base, stable, within the size limit; the manifest reads back.
        let loaded = try CorpusManifest.load(directory: output)
        let sample = loaded.sample(perCodeBase: 1)
        #expect(
            sample.count == 3 && Set(sample.map { $0.split(separator: "/").first! }) == ["lz4", "libyaml", "csmith"])
        #expect(sample == manifest.sample(perCodeBase: 1))
        let smallest = try #require(manifest.units.compactMap(\.bytes).min())
        #expect(
            loaded.sample(perCodeBase: 5, maxBytes: smallest).allSatisfy { path in
                manifest.units.first { $0.path == path }?.bytes == smallest
            })
        // Held-out splits: only some code bases, or all but some.
        #expect(Set(loaded.sample(perCodeBase: 2, only: ["lz4"]).map { $0.split(separator: "/").first! }) == ["lz4"])
        #expect(!loaded.sample(perCodeBase: 2, excluding: ["lz4", "csmith"]).contains { !$0.hasPrefix("libyaml/") })
        #expect(loaded.sample(perCodeBase: 2, excluding: ["lz4", "csmith"]).count >= 1)

        // A second run keeps the finished units (same files, same hashes) without recompiling them.
        let unitPath = output + "/lz4/lz4.ll"
        let before = try FileManager.default.attributesOfItem(atPath: unitPath)[.modificationDate] as? Date
        let again = try CorpusBuilder(options: options(output: output), toolchain: toolchain).build { _ in }
        let after = try FileManager.default.attributesOfItem(atPath: unitPath)[.modificationDate] as? Date
        #expect(before == after)
        #expect(
            !FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/platform.info"),
            "csmith litters only the cache")
        #expect(again.units.map(\.sha256) == manifest.units.map(\.sha256))

        // The same directory with another selection is refused, untouched.
        #expect(throws: CorpusBuilder.Error.self) {
            _ = try CorpusBuilder(options: options(output: output, csmith: 3), toolchain: toolchain).build { _ in }
        }
        #expect(!FileManager.default.fileExists(atPath: output + "/csmith/seed-00003.ll"))
    }

    @Test func checksumMismatchIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (spec, _) = try CorpusSpec.load(path: specPath)
        var lz4 = try #require(spec.codeBases.first { $0.name == "lz4" })
        lz4.sha256 = String(lz4.sha256.reversed())
        let archives = SourceArchives(cache: scratch + "/cache")
        #expect {
            _ = try archives.archive(for: lz4)
        } throws: { error in
            guard
                case SourceArchives.Error.checksumMismatch(_, let expected, let actual)? = error
                    as? SourceArchives.Error
            else { return false }
            return expected == lz4.sha256 && actual == String(lz4.sha256.reversed())
        }
        // Nothing unverified stays in the cache.
        let left = (try? FileManager.default.contentsOfDirectory(atPath: scratch + "/cache/archives")) ?? []
        #expect(left.isEmpty)
    }
}
