import Foundation
import Testing
@testable import Pipelines

@Suite struct PipelineParsingTests {
    /// "at character N" counts in the text as given, spaces included: the message quotes that text.
    @Test func syntaxErrorsPointIntoTheTextAsGiven() {
        for (text, expected) in [("module(gvn), function(gvn", 26), ("module(gvn),function(gvn", 25), ("  gvn,,x", 7)] {
            do {
                _ = try Pipeline(parsing: text)
                Issue.record("'\(text)' parsed")
            } catch {
                guard case .syntax(_, let position, _) = error else { Issue.record("\(error)"); continue }
                #expect(position + 1 == expected, "'\(text)': \(error.description)")
                #expect(error.description.contains("at character \(expected)"))
                #expect(error.exitCode == 64)
            }
        }
    }

    @Test func roundTripsNestedAdaptorsAndParameters() throws {
        let text =
            "module(globaldce),function(loop-mssa(licm<allowspeculation>),instcombine<no-verify-fixpoint>),cgscc(inline),default<Oz>"
        let pipeline = try Pipeline(parsing: text)
        #expect(pipeline.description == text)
        #expect(pipeline.elements.count == 4)
        #expect(pipeline.elements[1].children?.first?.children?.first?.parameters == ["allowspeculation"])
        #expect(pipeline.allNames.contains("licm"))
    }

    @Test func whitespaceIsIgnoredAndCanonicalTextHasNone() throws {
        #expect(try Pipeline(parsing: " function( sroa , gvn ) ").description == "function(sroa,gvn)")
        // Every ASCII whitespace character, and Unicode's beyond ASCII (no-break and ideographic spaces).
        #expect(
            try Pipeline(parsing: "\tfunction(\nsroa\r,\u{0B}gvn\u{0C})\u{A0}\u{3000}").description
                == "function(sroa,gvn)")
        // Other control characters are not whitespace: they stay (for the catalog to refuse the name).
        #expect(try Pipeline(parsing: "function(sroa\u{1F},gvn)").description.unicodeScalars.contains("\u{1F}"))
    }

    @Test func emptyTextIsTheEmptyPipeline() throws {
        #expect(try Pipeline(parsing: "").isEmpty)
    }

    @Test(arguments: ["function(sroa", "function(sroa))", "sroa,,gvn", "sroa<a", "function(sroa,)", ",sroa"])
    func syntaxErrorsAreReported(text: String) {
        #expect(throws: PipelineError.self) { try Pipeline(parsing: text) }
    }

    @Test func syntaxErrorNamesThePosition() {
        do {
            _ = try Pipeline(parsing: "function(sroa")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("missing ')'"))
        }
    }
}

@Suite struct CatalogTests {
    @Test func textNamesClangsOzPipelineAndExpandsItOnRequest() throws {
        #expect(PassCatalog.clangOzPipeline.count > 1000, "the expansion is worth naming")
        #expect(PassCatalog.displayName(of: PassCatalog.clangOzPipeline) == "clang -Oz")
        #expect(PassCatalog.displayName(of: "clang-Oz") == "clang -Oz")
        #expect(PassCatalog.displayName(of: "") == "(no passes)")
        #expect(PassCatalog.displayName(of: "module(default<Oz>)") == "module(default<Oz>)")
        #expect(PassCatalog.displayName(of: "function(sroa),module(globaldce)") == "function(sroa),module(globaldce)")
        #expect(try PassCatalog.expansion(of: "clang-Oz") == PassCatalog.clangOzPipeline)
        #expect(throws: PipelineError.self) { try PassCatalog.expansion(of: "clang-Ozz") }
    }

    @Test func catalogIsGeneratedForLLVM19() {
        #expect(PassCatalog.llvmVersion.hasPrefix("19."))
        #expect(PassCatalog.entries.count > 100)
        #expect(
            Set(PassCatalog.entries.map(\.pipeline)).count == PassCatalog.entries.count, "catalog entries are unique")
    }

    @Test func catalogHoldsTheDefaultPipelinesAndNoUtilities() {
        let pipelines = Set(PassCatalog.entries.map(\.pipeline))
        for level in ["O0", "O1", "O2", "O3", "Os", "Oz"] {
            #expect(pipelines.contains("module(default<\(level)>)"))
        }
        #expect(pipelines.contains("function(instcombine<no-verify-fixpoint>)"))
        #expect(pipelines.contains("function(loop-mssa(licm))"))
        let names = Set(PassCatalog.entries.map(\.name))
        for forbidden in [
            "internalize", "verify", "print", "asan", "dot-cfg", "instcount", "trigger-crash-module", "no-op-function",
        ] {
            #expect(!names.contains(forbidden), "\(forbidden) must not be searchable")
        }
        let excluded = Dictionary(PassCatalog.excluded.map { ($0.name, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(excluded["internalize"] != nil)
        #expect(excluded["asan"] != nil)
    }

    @Test func everyEntryParsesAndValidates() throws {
        for entry in PassCatalog.entries {
            let pipeline = try Pipeline(parsing: entry.pipeline)
            try PassCatalog.validate(pipeline)
            #expect(pipeline.description == entry.pipeline)
        }
    }

    @Test func unknownPassGetsClosestNames() {
        do {
            try PassCatalog.validate(try Pipeline(parsing: "function(instcombin)"))
            Issue.record("expected an unknown-pass error")
        } catch {
            guard case let .unknownPass(_, pass, suggestions) = error else {
                Issue.record("wrong error \(error)"); return
            }
            #expect(pass == "instcombin")
            #expect(suggestions.first == "instcombine")
            #expect(error.description.contains("did you mean 'instcombine'"))
        }
    }

    @Test func editDistanceIsLevenshtein() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("gvn", "gvn") == 0)
    }
}

@Suite struct RandomPipelineTests {
    @Test func sameSeedSameLists() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        let first = (0..<20).map { _ in Pipeline.random(using: &a).description }
        let second = (0..<20).map { _ in Pipeline.random(using: &b).description }
        #expect(first == second)
        var c = SeededGenerator(seed: 43)
        #expect((0..<20).map { _ in Pipeline.random(using: &c).description } != first)
    }

    @Test func lengthsStayInRangeAndCoverIt() throws {
        var generator = SeededGenerator(seed: 7)
        var lengths = Set<Int>()
        for _ in 0..<2000 {
            let pipeline = Pipeline.random(using: &generator)
            let count = pipeline.elements.count
            #expect((1...50).contains(count))
            lengths.insert(count)
        }
        #expect(lengths.count == 50, "every length 1...50 appears in 2000 draws")
    }
}

@Suite struct CatalogRulesTests {
    let listing = """
        Module passes:
          globaldce
          internalize
          print
        Module passes with params:
          ipsccp<no-func-spec;func-spec>
        Module analyses:
          callgraph
        CGSCC passes:
          argpromotion
        Function passes:
          gvn
          instcombine
          aa-eval
        Loop passes:
          indvars
        Machine function passes (WIP):
          machine-cse
        """

    @Test func appliesThePapersRules() {
        let result = CatalogRules.candidates(fromPrintPasses: listing)
        let pipelines = result.candidates.map(\.pipeline)
        #expect(pipelines.contains("module(default<Oz>)"))
        #expect(pipelines.contains("module(globaldce)"))
        #expect(pipelines.contains("module(ipsccp)"))
        #expect(pipelines.contains("cgscc(argpromotion)"))
        #expect(pipelines.contains("function(gvn)"))
        #expect(pipelines.contains("function(instcombine<no-verify-fixpoint>)"))
        #expect(pipelines.contains("function(loop(indvars))"))
        #expect(
            !pipelines.contains {
                $0.contains("internalize") || $0.contains("aa-eval") || $0.contains("print")
                    || $0.contains("machine-cse")
            })
        let reasons = Dictionary(result.excluded.map { ($0.name, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["internalize"]?.contains("semantics") == true)
        #expect(reasons["callgraph"]?.contains("analysis") == true)
        #expect(result.printedNames.contains("ipsccp"))
    }
}

/// `escapedForTerminal`: what untrusted text becomes before a message prints it.
@Suite struct TerminalTextTests {
    @Test func controlCharactersBecomeVisibleEscapes() {
        let hostile = "module(\u{1B}]0;PWNED\u{07}\u{1B}[2Jdefault<Oz>)\r\u{9B}31m\u{7F}"
        let escaped = hostile.escapedForTerminal()
        #expect(escaped == "module(\\e]0;PWNED\\a\\e[2Jdefault<Oz>)\\r\\u{9B}31m\\u{7F}")
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(escaped.escapedForTerminal() == escaped, "idempotent")
    }

    @Test func linesAndTabsStayUnlessAsked() {
        #expect("a\tb\nc é ∑".escapedForTerminal() == "a\tb\nc é ∑")
        #expect("a\tb\nc".escapedForTerminal(keepingLines: false) == "a\\tb\\nc")
    }

    @Test func aPassNameInAnErrorIsEscaped() throws {
        #expect(throws: PipelineError.self) { try PassCatalog.parse("function(instcombine\u{1B}[2J)") }
        do {
            _ = try PassCatalog.parse("function(instcombine\u{1B}[2J)")
        } catch {
            #expect(!error.description.contains("\u{1B}"))
            #expect(error.description.contains("instcombine\\e[2J"), "\(error.description)")
        }
    }
}

/// The typed pipeline the APIs pass: text only at the edges.
@Suite struct PipelineValueTests {
    /// JSON holds a pipeline as its canonical text, as files held it when pipelines were strings; text that does not
    /// parse is a decoding error that says where.
    @Test func encodesAsItsTextAndRefusesTextThatDoesNotParse() throws {
        struct Row: Codable, Equatable { var pipeline: Pipeline; var lists: [Pipeline] }
        let row = Row(pipeline: "function(sroa),module(globaldce)", lists: [.empty, PassCatalog.clangOz])
        let json = try JSONEncoder().encode(row)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["pipeline"] as? String == "function(sroa),module(globaldce)")
        #expect(object["lists"] as? [String] == ["", PassCatalog.clangOzPipeline])
        #expect(try JSONDecoder().decode(Row.self, from: json) == row)
        let spaced = Data(#"{"pipeline": "function( sroa )", "lists": []}"#.utf8)
        #expect(try JSONDecoder().decode(Row.self, from: spaced).pipeline.text == "function(sroa)")
        let broken = Data(#"{"pipeline": "function(sroa", "lists": []}"#.utf8)
        do {
            _ = try JSONDecoder().decode(Row.self, from: broken)
            Issue.record("decoded a pipeline that does not parse")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains("missing ')'"), "\(context.debugDescription)")
            #expect(context.codingPath.map(\.stringValue) == ["pipeline"])
        }
    }

    /// clang's -Oz pipeline and every catalog entry are canonical text: as values they print back byte for byte,
    /// so stores and files written with the text find the value and the other way round.
    @Test func referencesAndCatalogEntriesAreCanonical() {
        #expect(PassCatalog.clangOz.text == PassCatalog.clangOzPipeline)
        #expect(PassCatalog.paperOz.text == "module(default<Oz>)")
        #expect(PassCatalog.ozPipeline(for: .shipping) == PassCatalog.clangOz)
        #expect(PassCatalog.ozPipeline(for: .paper) == PassCatalog.paperOz)
        #expect(PassCatalog.entryPipelines.map(\.text) == PassCatalog.entries.map(\.pipeline))
        let indices = [3, 0, 3, PassCatalog.entries.count - 1]
        #expect(
            PassCatalog.pipeline(ofEntries: indices).text
                == indices.map { PassCatalog.entries[$0].pipeline }.joined(separator: ","))
        #expect(PassCatalog.pipeline(ofEntries: []) == .empty)
    }

    /// Passes are the top-level elements' texts; `init(passes:)` joins and parses them.
    @Test func passesAreTopLevelElements() throws {
        let pipeline: Pipeline = "function(sroa,gvn<>),module(globaldce),cgscc(inline)"
        #expect(pipeline.passes == ["function(sroa,gvn<>)", "module(globaldce)", "cgscc(inline)"])
        #expect(try Pipeline(passes: pipeline.passes) == pipeline)
        #expect(try Pipeline(passes: []) == .empty)
        #expect(throws: PipelineError.self) { try Pipeline(passes: ["function(sroa"]) }
    }

    /// Text output names clang's -Oz and the empty pipeline, whether it is given as text or as a value.
    @Test func displayNamesOfValuesMatchThoseOfText() {
        let values: [Pipeline] = [PassCatalog.clangOz, .empty, "module(default<Oz>)", "function(sroa)"]
        #expect(values.map(PassCatalog.displayName(of:)) == values.map { PassCatalog.displayName(of: $0.text) })
        #expect(PassCatalog.displayName(of: PassCatalog.clangOz) == "clang -Oz")
    }

    /// An edit action is the edited base; a catalog action is its passes.
    @Test func actionsBecomePipelines() throws {
        let action = try PassAction(parsing: "function(sroa),module(globaldce)")
        #expect(try action.pipeline(editBase: nil) == "function(sroa),module(globaldce)")
        let edit = try PassAction(parsing: "oz-edits: append function(gvn)")
        #expect(try edit.pipeline(editBase: "function(sroa)") == "function(sroa),function(gvn)")
        #expect(throws: PipelineError.self) { try edit.pipeline(editBase: nil) }
    }
}

extension PipelineValueTests {
    /// A literal alias is the pipeline it names, as `clang-Oz` on a command line is.
    @Test func aLiteralAliasIsItsPipeline() {
        let alias: Pipeline = "clang-Oz"
        #expect(alias == PassCatalog.clangOz)
    }
}
