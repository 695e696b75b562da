import Foundation
import Testing
@testable import Pipelines

@Suite struct PipelineEditTests {
    static let base =
        "a,function<eager-inv>(simplifycfg<bonus-inst-threshold=1;no-switch-to-lookup;speculate-blocks>,gvn<>),b"

    @Test(arguments: [
        "del 15.0.2.19", "set 23.9 no-switch-to-lookup", "all no-speculate-blocks", "append module(mergefunc)",
        "set 5.3 max-iterations=4",
    ])
    func textRoundTrips(text: String) throws {
        #expect(try PipelineEdit(parsing: text).description == text)
    }

    @Test(arguments: ["", "del", "del x.1", "del 1.-2", "set 1.2", "all", "frob 1.2", "del 1..2"])
    func malformedEditsAreRejected(text: String) {
        #expect(throws: PipelineError.self) { try PipelineEdit(parsing: text) }
    }

    @Test func deletingTheLastPassOfAnAdaptorDropsTheAdaptor() throws {
        let base = try Pipeline(parsing: "a,function(gvn),b")
        #expect(try PipelineEdit.apply([.delete(path: [1, 0])], to: base).description == "a,b")
        #expect(
            try PipelineEdit.apply([.delete(path: [0]), .delete(path: [2])], to: base).description == "function(gvn)")
    }

    @Test func optionChangesReplaceTheConflictingOptionAndKeepPathsValidForDeletions() throws {
        let base = try Pipeline(parsing: Self.base)
        // The set names a path counted before the deletion of the pass in front of it.
        let edited = try PipelineEdit.apply(
            [.delete(path: [0]), .set(path: [1, 0], parameter: "switch-to-lookup")], to: base)
        #expect(
            edited.description
                == "function<eager-inv>(simplifycfg<bonus-inst-threshold=1;switch-to-lookup;speculate-blocks>,gvn<>),b")
        let options = try PipelineEdit.apply(
            [.set(path: [1, 0], parameter: "bonus-inst-threshold=3"), .set(path: [1, 1], parameter: "no-pre")], to: base
        )
        #expect(
            options.description
                == "a,function<eager-inv>(simplifycfg<bonus-inst-threshold=3;no-switch-to-lookup;speculate-blocks>,gvn<no-pre>),b"
        )
        let everywhere = try PipelineEdit.apply([.setEverywhere(parameter: "no-speculate-blocks")], to: base)
        #expect(everywhere.description.contains("no-switch-to-lookup;no-speculate-blocks"))
        // `all` never adds an option to a pass without it (gvn<> stays as it is).
        #expect(everywhere.description.contains("gvn<>"))
    }

    @Test func editsThatDoNotFitTheBaseAreErrors() throws {
        let base = try Pipeline(parsing: Self.base)
        #expect(throws: PipelineError.self) { try PipelineEdit.apply([.delete(path: [7])], to: base) }
        #expect(throws: PipelineError.self) { try PipelineEdit.apply([.set(path: [0], parameter: "no-foo")], to: base) }
        #expect(throws: PipelineError.self) {
            try PipelineEdit.apply([.setEverywhere(parameter: "header-duplication")], to: base)
        }
    }

    @Test func actionsRoundTripAsTextAndCombineOnlyEdits() throws {
        let edits = try PassAction(parsing: "oz-edits: del 3; all no-speculate-blocks")
        #expect(edits.description == "oz-edits: all no-speculate-blocks; del 3")
        #expect(try PassAction(parsing: edits.description) == edits)
        #expect(try PassAction(parsing: "(no passes)") == .passes([]))
        #expect(PassAction.passes([]).description == "(no passes)")
        let list = try PassAction(parsing: "module(globaldce),function(gvn)")
        #expect(list == .passes(["module(globaldce)", "function(gvn)"]))
        #expect(edits.combined(with: list) == nil)
        let other = try PassAction(parsing: "oz-edits: del 3; set 5.1 no-pre")
        #expect(edits.combined(with: other)?.length == 3)
        #expect(throws: PipelineError.self) { try PassAction(parsing: "module(nonsense-pass)") }
        #expect(throws: PipelineError.self) { try edits.pipeline(editBase: nil) }
    }

    /// Every single edit of clang-19's -Oz pipeline is a pipeline LLVM 19 itself accepts.
    @Test func everyCandidateEditOfClangOzIsAcceptedByOpt() throws {
        let base = try PassCatalog.parse("clang-Oz")
        let candidates = PipelineEdit.candidates(of: base, appends: ["module(mergefunc)"])
        #expect(candidates.count > 100)
        #expect(candidates.contains(.setEverywhere(parameter: "no-speculate-blocks")))
        #expect(candidates.contains(.append("module(mergefunc)")))
        #expect(
            !candidates.contains { if case .set(_, let parameter) = $0 { parameter.hasPrefix("no-O") } else { false } })
        let module = "define i32 @f(i32 %x) {\n  %y = add i32 %x, 1\n  ret i32 %y\n}\n"
        var texts = Set<String>()
        for edit in candidates {
            let text = try PipelineEdit.apply([edit], to: base).description
            #expect(text != base.description, "\(edit) changes nothing")
            texts.insert(text)
            let opt = Process()
            opt.executableURL = URL(fileURLWithPath: "/usr/bin/opt-19")
            opt.arguments = ["-p", text, "-disable-output", "-"]
            let input = Pipe(), errors = Pipe()
            opt.standardInput = input
            opt.standardError = errors
            try opt.run()
            input.fileHandleForWriting.write(Data(module.utf8))
            try input.fileHandleForWriting.close()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            opt.waitUntilExit()
            #expect(opt.terminationStatus == 0, "opt-19 rejects \(edit): \(message)")
        }
        #expect(texts.count == candidates.count)
    }

    @Test func containsFindsAnOptionInAPassesOptionsByteForByte() {
        #expect(PipelineEdit.contains("no-switch-range-to-icmp;speculate-blocks", "speculate-blocks"))
        #expect(PipelineEdit.contains("bonus-inst-threshold=1;no-forward-switch-cond", "bonus-inst-threshold="))
        #expect(PipelineEdit.contains("abc", ""))
        #expect(PipelineEdit.contains("abc", "abc"))
        #expect(!PipelineEdit.contains("abc", "abcd"))
        #expect(!PipelineEdit.contains("", "a"))
        #expect(!PipelineEdit.contains("no-hoist-common-insts", "sink-common-insts"))
        #expect(PipelineEdit.contains("aab", "ab"))
    }
}
