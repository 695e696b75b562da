import Models
import Pipelines
import Testing

/// Answers are untrusted text: parsed tolerantly, mapped onto catalog
/// passes, rejected with a reason otherwise.
struct ModelAnswerTests {
    @Test func findsThePipelineHoweverItIsQuoted() {
        #expect(
            ModelAnswer.pipelineText(in: "Run passes -p 'module(default<Oz>),function(sroa)' to reduce")
                == "module(default<Oz>),function(sroa)")
        #expect(ModelAnswer.pipelineText(in: "use opt -passes=\"function(gvn)\" now") == "function(gvn)")
        #expect(ModelAnswer.pipelineText(in: "try `opt --passes `instcombine`") == "instcombine")
        #expect(ModelAnswer.pipelineText(in: "opt -p instcombine,simplifycfg.") == "instcombine,simplifycfg")
        #expect(ModelAnswer.pipelineText(in: "a non-passes word; x-p 'no' then -p 'yes'") == "yes")
        #expect(ModelAnswer.pipelineText(in: "no flags at all") == nil)
        #expect(ModelAnswer.pipelineText(in: "-p 'unterminated") == nil)
        #expect(ModelAnswer.pipelineText(in: "") == nil)
    }

    @Test func mapsPassesOntoTheCatalogWithTheirAdaptors() throws {
        let mapped = try ModelAnswer.catalogPasses(
            of: "module(default<Oz>),function(instcombine,simplifycfg),licm,cgscc(inline)"
        ).get()
        #expect(mapped.first == "module(default<Oz>)")
        #expect(mapped.contains("function(instcombine<no-verify-fixpoint>)"))
        #expect(mapped.allSatisfy { PassCatalog.byPipeline[$0] != nil }, "\(mapped)")
        #expect(mapped.count == 5)
        // A function adaptor around a module pass: the pass keeps its own adaptor.
        #expect(
            try ModelAnswer.catalogPasses(of: "function(globaldce)").get() == [
                PassCatalog.entries.first { $0.name == "globaldce" }!.pipeline
            ])
        #expect(try ModelAnswer.catalogPasses(of: "function(loop-mssa(licm))").get().count == 1)
    }

    @Test func rejectsWhatIsNotACatalogList() {
        #expect(ModelAnswer.catalogPasses(of: "function(gvn") == .failure(.malformedPipeline("function(gvn")))
        #expect(ModelAnswer.catalogPasses(of: "module(internalize)") == .failure(.unknownPass("internalize")))
        #expect(ModelAnswer.catalogPasses(of: "function(rm -rf /)") == .failure(.unknownPass("rm-rf/")))
        #expect(ModelAnswer.catalogPasses(of: "$(touch /tmp/x)") == .failure(.unknownPass("$(touch/tmp/x)")))
        #expect(
            ModelAnswer.catalogPasses(of: Array(repeating: "function(sroa)", count: 201).joined(separator: ","))
                == .failure(.tooManyPasses(201)))
        // The message counts the whole answer, not where counting stopped.
        #expect(
            ModelAnswer.catalogPasses(of: Array(repeating: "function(sroa)", count: 10_000).joined(separator: ","))
                == .failure(.tooManyPasses(10_000)))
        #expect(ModelAnswer.passList(in: "I cannot help with that.") == .failure(.noPipeline))
        #expect(ModelAnswer.catalogPasses(of: "module()") == .failure(.noPipeline))
    }

    @Test func readsSizesAndCodeTolerantly() {
        let answer =
            "Run passes -p 'function(sroa)' to reduce the binary size from 1,024 bytes to 900 bytes:\n\n<code>define void @f() {\n"
        #expect(ModelAnswer.byteCounts(in: answer) == [1024, 900])
        #expect(
            ModelAnswer.firstCodeBlock(in: answer) == "define void @f() {\n", "a truncated answer keeps what it has")
        #expect(ModelAnswer.firstCodeBlock(in: "no code") == nil)
        #expect(
            ModelAnswer.instructionCount(in: "The optimized code has instruction count 41 and binary size 7 bytes.")
                == 41)
        #expect(ModelAnswer.instructionCount(in: "nothing") == nil)
    }
}
