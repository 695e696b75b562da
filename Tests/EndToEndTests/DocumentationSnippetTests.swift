import Foundation
import Support
import Testing
import TestSupport
import Toolchain

/// Every library's DocC article opens with a snippet of its public API; the snippets are type-checked here against
/// the modules this build made, so that an API change that leaves an article stale fails the tests.
@Suite struct DocumentationSnippetTests {
    /// The Swift libraries: every target under Sources/ but the executables and the C targets.
    static func libraries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/Sources").filter { name in
            let directory = Fixtures.root + "/Sources/" + name
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            return !["passlab", "PassLabDropIn"].contains(name) && files.contains { $0.hasSuffix(".swift") }
        }.sorted()
    }

    /// The ```swift blocks of a Markdown file, in order.
    static func swiftBlocks(of markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```swift" {
                current = []
            } else if let lines = current, line.trimmingCharacters(in: .whitespaces) == "```" {
                blocks.append(lines.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// `swiftc -typecheck` flags that find this build's modules: its Swift modules, and the module maps of the C
    /// targets they import (SwiftPM's generated ones, the packages' own, CLLVM's with LLVM 19's headers).
    static func compilerFlags() throws -> [String] {
        let build = Fixtures.root + "/.build"
        let modules = build + "/debug/Modules"
        guard FileManager.default.fileExists(atPath: modules) else {
            throw Failure("\(modules) does not exist: build the tests with `swift build --build-tests` first")
        }
        var maps: [String] = []
        let debug = try FileManager.default.destinationOfSymbolicLink(atPath: build + "/debug")
        let products = debug.hasPrefix("/") ? debug : build + "/" + debug
        for entry in try FileManager.default.contentsOfDirectory(atPath: products) where entry.hasSuffix(".build") {
            let map = "\(products)/\(entry)/module.modulemap"
            if FileManager.default.fileExists(atPath: map) { maps.append(map) }
        }
        if let walker = FileManager.default.enumerator(atPath: build + "/checkouts") {
            for case let path as String in walker where path.hasSuffix("/module.modulemap") {
                maps.append(build + "/checkouts/" + path)
            }
        }
        maps.append(Fixtures.root + "/Sources/CLLVM/include/module.modulemap")
        return ["-typecheck", "-I", modules, "-Xcc", "-I/usr/lib/llvm-19/include"]
            + maps.sorted().flatMap { ["-Xcc", "-fmodule-map-file=" + $0] }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test func everyLibraryOpensItsArticleWithASnippetThatTypeChecks() throws {
        let libraries = try Self.libraries()
        #expect(libraries.count >= 19 && libraries.contains("Pipelines") && libraries.contains("Store"))
        let flags = try Self.compilerFlags()
        let directory = Fixtures.temporaryDirectory("docc-snippets")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var snippets: [(name: String, path: String)] = []
        for library in libraries {
            let article = "\(Fixtures.root)/Sources/\(library)/\(library).docc/\(library).md"
            let markdown = try String(contentsOfFile: article, encoding: .utf8)
            let blocks = Self.swiftBlocks(of: markdown)
            #expect(!blocks.isEmpty, "\(article) has no ```swift snippet")
            // The snippet opens the article: it comes before the second section.
            if let first = markdown.range(of: "```swift"), let overview = markdown.range(of: "## Overview") {
                let rest = markdown[overview.upperBound...]
                let nextSection = rest.range(of: "\n## ")?.lowerBound ?? markdown.endIndex
                #expect(first.lowerBound < nextSection, "\(article): the snippet should open the overview")
            }
            for (index, block) in blocks.enumerated() {
                let path = "\(directory)/\(library)-\(index).swift"
                try block.write(toFile: path, atomically: true, encoding: .utf8)
                snippets.append(("\(library).md snippet \(index + 1)", path))
            }
        }
        let paths = snippets.map(\.path)
        let results = ParallelResults<Result<ProcessResult, ProcessError>>(count: snippets.count)
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            while let index = results.claim() {
                let run = Result { () throws(ProcessError) -> ProcessResult in
                    try ProcessRunner.run(ProcessRequest("swiftc", flags + [paths[index]], timeout: 300))
                }
                results.store(run, at: index)
            }
        }
        for (snippet, run) in zip(snippets, results.values) {
            let result = try run.get()
            #expect(result.termination.succeeded, "\(snippet.name) does not type-check:\n\(result.stderrText)")
        }
    }

    /// The check fails on a stale snippet (a member the API does not have), so passing means something.
    @Test func aStaleSnippetFails() throws {
        let directory = Fixtures.temporaryDirectory("docc-stale")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/stale.swift"
        try "import Pipelines\nlet text: String = PassCatalog.noSuchMember\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(ProcessRequest("swiftc", try Self.compilerFlags() + [path], timeout: 300))
        #expect(!result.termination.succeeded)
        #expect(result.stderrText.contains("noSuchMember"), "\(result.stderrText)")
    }
}
