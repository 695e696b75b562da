import Evaluation
import Foundation
import Testing
import TestSupport
import Toolchain

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
            let reference = try ProcessRunner.run(ProcessRequest("llvm-extract-19", ["--func=\(piece.function)", ir, "-S", "-o", "-"]))
            #expect(reference.termination.succeeded)
            func body(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.hasPrefix(";") } }
            #expect(body(try String(contentsOfFile: piece.path, encoding: .utf8)) == body(reference.stdoutText), "\(piece.function)")
        }
    }
}
