import Engine
import Foundation
import LLVMBridge
import Testing
import TestSupport
import Toolchain
import Validation

/// `passlab split` against `llvm-extract-19 --func`, module by module.
@Suite struct SplitTests {
    @Test func eachPieceEqualsLLVMExtract() throws {
        let directory = Fixtures.temporaryDirectory("split")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ir = directory + "/vm.ll"
        let make = try CLITests.passlab(["ir", Fixtures.programs + "/06_bytecode_vm.c", "-o", ir])
        #expect(make.termination == .exited(0))
        let result = try CLITests.passlab(["split", ir, "-o", directory + "/out", "--json"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput)) as? [String: Any])
        let pieces = try #require(object["pieces"] as? [[String: Any]])
        #expect(pieces.count >= 3)
        let extract = "llvm-extract-19"
        for piece in pieces {
            let function = try #require(piece["function"] as? String)
            let path = try #require(piece["path"] as? String)
            let reference = try ProcessRunner.run(ProcessRequest(extract, ["--func=\(function)", ir, "-S", "-o", "-"]))
            #expect(reference.termination.succeeded)
            let ours = try String(contentsOfFile: path, encoding: .utf8)
            func body(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.hasPrefix(";") } }
            #expect(body(ours) == body(reference.stdoutText), "\(function)")
        }
        // Within the budget: copied whole.
        let whole = try CLITests.passlab(["split", ir, "-o", directory + "/whole", "--budget", "100000"])
        #expect(whole.stdoutText.contains("within the budget"))
        #expect(FileManager.default.fileExists(atPath: directory + "/whole/vm.ll"))
    }

    /// A real C++ unit (HumanEval-X CPP/1, as `passlab ir` makes it): its
    /// linkonce_odr comdat functions each get a piece, the same as
    /// llvm-extract-19 --func's, that verifies and compiles; its
    /// available_externally copies (libstdc++'s extern templates, e.g.
    /// std::allocator<char>'s constructor) are skipped with the reason,
    /// because llvm-extract-19 makes a module without them. Splitting used to
    /// fail for the whole unit: a half without their callers lost them.
    @Test func cxxUnitSplitsIntoOnePiecePerExtractableFunction() throws {
        let directory = Fixtures.temporaryDirectory("split-cxx")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let suite = try HumanEvalSuite.load(path: try Fixtures.humanEvalSubset(["CPP/1"], in: directory))
        let problem = try #require(suite.problems.first)
        let source = directory + "/CPP_1.cpp", ir = directory + "/CPP_1.ll"
        try problem.program.write(toFile: source, atomically: true, encoding: .utf8)
        let make = try CLITests.passlab(["ir", source, "-o", ir])
        #expect(make.termination == .exited(0), "\(make.stderrText)")
        let module = try Context().parseIRFile(ir)
        let defined = module.definedFunctionNames
        let copies = module.availableExternallyFunctionNames
        let text = try String(contentsOfFile: ir, encoding: .utf8)
        // What makes the unit hard: copies, comdats, linkonce_odr definitions.
        #expect(copies.contains("_ZNSaIcEC2Ev"), "\(copies)")
        #expect(text.contains(" comdat") && text.contains("define linkonce_odr"))

        let result = try CLITests.passlab(["split", ir, "-o", directory + "/out", "--json"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput))
        let object = try #require(json as? [String: Any])
        let pieces = try #require(object["pieces"] as? [[String: Any]])
        let skipped = try #require(object["skipped"] as? [[String: Any]])
        let kept = defined.filter { !copies.contains($0) }
        #expect(pieces.compactMap { $0["function"] as? String } == kept)
        #expect(skipped.compactMap { $0["function"] as? String } == copies)
        let reason = ModuleSplitter.availableExternallyReason
        #expect(skipped.allSatisfy { $0["reason"] as? String == reason })

        let machine = try TargetMachine(triple: module.triple, codeGenLevel: .O2, relocationModel: .pic)
        func body(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.hasPrefix(";") } }
        func extract(_ function: String) throws -> ProcessResult {
            try ProcessRunner.run(ProcessRequest("llvm-extract-19", ["--func=\(function)", ir, "-S", "-o", "-"]))
        }
        for (index, piece) in pieces.enumerated() {
            let function = try #require(piece["function"] as? String)
            let path = try #require(piece["path"] as? String)
            let parsed = try Context().parseIRFile(path)
            #expect(parsed.definedFunctionNames == [function])
            #expect(parsed.verify() == nil, "\(function)")
            #expect(try !parsed.emitObject(targetMachine: machine).isEmpty, "\(function)")
            // The solution, main, and every eighth of the rest, against llvm-extract-19 itself.
            guard index % 8 == 0 || !function.hasPrefix("_ZNS") else { continue }
            let reference = try extract(function)
            #expect(reference.termination.succeeded)
            let ours = try String(contentsOfFile: path, encoding: .utf8)
            #expect(body(ours) == body(reference.stdoutText), "\(function)")
        }
        // llvm-extract-19 keeps no definition of a skipped copy.
        for function in copies.prefix(3) {
            let reference = try extract(function)
            #expect(reference.termination.succeeded)
            #expect(!reference.stdoutText.contains("\ndefine "), "\(function)")
        }
        let summary = try CLITests.passlab(["split", ir, "-o", directory + "/again"])
        #expect(summary.stdoutText.contains("-> \(kept.count) modules"), "\(summary.stdoutText)")
        #expect(
            summary.stdoutText.contains("skipped \(copies.count) functions (\(copies[0]), "), "\(summary.stdoutText)")
    }

    /// An unnamed function cannot be named to llvm-extract: skipped, the
    /// others split.
    @Test func unnamedFunctionsAreSkippedWithTheReason() throws {
        let directory = Fixtures.temporaryDirectory("split-unnamed")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ir = directory + "/unnamed.ll"
        let text = """
            define internal i32 @0(i32 %x) {
              %y = add i32 %x, 1
              ret i32 %y
            }

            define i32 @caller(i32 %x) {
              %y = call i32 @0(i32 %x)
              ret i32 %y
            }

            """
        try text.write(toFile: ir, atomically: true, encoding: .utf8)
        let result = try ModuleSplitter.split(ir, into: directory + "/out")
        #expect(result.pieces.map(\.function) == ["caller"])
        #expect(result.skipped == [ModuleSplitter.Skipped(function: "", reason: ModuleSplitter.unnamedReason)])
        #expect(result.skippedSummary == ["skipped 1 function (<unnamed>): \(ModuleSplitter.unnamedReason)"])
    }

    /// Splitting is O(n log n): 2,000 functions cost about 2,000 x 12
    /// function visits where extracting each from the whole module cost
    /// 2,000 x 2,000; and the pieces are still what llvm-extract makes.
    @Test func splittingAManyFunctionModuleIsNotQuadratic() throws {
        let directory = Fixtures.temporaryDirectory("split-many")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ir = directory + "/many.ll"
        let count = 2_000
        try OutputSafetyTests.generatedModule(functions: count).write(toFile: ir, atomically: true, encoding: .utf8)
        let result = try ModuleSplitter.split(ir, into: directory + "/out")
        #expect(result.pieces.count == count)
        #expect(result.pieces.map(\.function) == (0..<count).map { "f\($0)" })
        let logarithm = Int(log2(Double(count)).rounded(.up))
        #expect(result.extractionWork <= count * (logarithm + 1), "\(result.extractionWork) function visits")
        #expect(result.extractionWork < count * count / 50)
        for index in [0, 1, count / 2, count - 1] {
            let piece = result.pieces[index]
            let reference = try ProcessRunner.run(
                ProcessRequest("llvm-extract-19", ["--func=\(piece.function)", ir, "-S", "-o", "-"]))
            #expect(reference.termination.succeeded)
            func body(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.hasPrefix(";") } }
            #expect(
                body(try String(contentsOfFile: piece.path, encoding: .utf8)) == body(reference.stdoutText),
                "\(piece.function)")
        }
    }
}
