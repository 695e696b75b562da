import CodeSize
import Foundation
import LLVMBridge
import Testing
import TestSupport
import Toolchain

@Suite struct BridgeTests {
    static let sample = """
    define i32 @add(i32 %a, i32 %b) {
    entry:
      %sum = add i32 %a, %b
      %twice = mul i32 %sum, 2
      ret i32 %twice
    }
    declare void @external()
    """

    @Test func parsesCountsClonesAndPrints() throws {
        let context = Context()
        let module = try context.parseIR(Array(Self.sample.utf8), name: "sample.ll")
        #expect(module.instructionCount == 3)
        #expect(module.definedFunctionNames == ["add"])
        let copy = module.clone()
        #expect(copy.printIR().contains("define i32 @add"))
        #expect(module.verify() == nil)
        // Bitcode round trip.
        let reparsed = try context.parseIR(module.bitcode(), name: "sample.bc")
        #expect(reparsed.instructionCount == 3)
    }

    /// An available_externally copy is listed apart; extracting a set that
    /// names a function without a body names that one, not the whole set.
    @Test func availableExternallyCopiesAndMissingFunctionsAreNamed() throws {
        let text = """
            define available_externally i32 @copy(i32 %x) {
              ret i32 %x
            }
            define i32 @user(i32 %x) {
              %y = call i32 @copy(i32 %x)
              ret i32 %y
            }
            define linkonce_odr i32 @other() {
              ret i32 1
            }
            declare void @external()
            """
        let module = try Context().parseIR(Array(text.utf8), name: "copies.ll")
        #expect(module.definedFunctionNames == ["copy", "user", "other"])
        #expect(module.availableExternallyFunctionNames == ["copy"])
        #expect(throws: BridgeError.noSuchFunction(name: "external")) {
            try module.clone().extractFunctions(["user", "external", "other"])
        }
        // Kept alone, the copy is dropped (GlobalDCE), as llvm-extract-19 --func drops it.
        let alone = module.clone()
        try alone.extractFunctions(["copy"])
        #expect(alone.definedFunctionNames.isEmpty)
        let withUser = module.clone()
        try withUser.extractFunctions(["copy", "user"])
        #expect(withUser.definedFunctionNames == ["copy", "user"])
    }

    @Test func malformedIRNamesFileLineAndColumn() {
        let broken = "define i32 @f() {\nentry:\n  %x = frobnicate i32 1\n  ret i32 0\n}\n"
        do {
            _ = try Context().parseIR(Array(broken.utf8), name: "broken.ll")
            Issue.record("expected a parse error")
        } catch let error {
            guard case let .malformedIR(file, line, column, message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == "broken.ll")
            #expect(line == 3)
            #expect(column == 8)
            #expect(message.contains("instruction opcode"))
            #expect(error.description.hasPrefix("broken.ll:3:8: malformed LLVM IR"))
        }
    }

    @Test func irFromANewerLLVMIsRecognised() throws {
        // /opt/swift's clang is LLVM 21: its IR uses attributes LLVM 19 lacks.
        let newer = "/opt/swift/usr/bin/clang"
        try #require(FileManager.default.isExecutableFile(atPath: newer), "the Swift toolchain's clang is needed for this test")
        let directory = Fixtures.temporaryDirectory("newer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "int f(int *p) { return *p; }\n".write(toFile: directory + "/f.c", atomically: true, encoding: .utf8)
        for (flag, file) in [("-S", "f.ll"), ("-c", "f.bc")] {
            let result = try ProcessRunner.run(ProcessRequest(newer, ["-O2", flag, "-emit-llvm", directory + "/f.c", "-o", directory + "/" + file]))
            try #require(result.termination.succeeded)
            let major = try ProcessRunner.run(ProcessRequest(newer, ["--version"])).stdoutText
            guard !major.contains("version 19") else { return }
            do {
                _ = try Context().parseIRFile(directory + "/" + file)
                // Some newer IR still parses; then nothing to report.
            } catch let error {
                guard case .newerLLVM = error else { Issue.record("\(file): expected newerLLVM, got \(error)"); continue }
                #expect(error.description.contains("clang-19"))
            }
        }
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: BridgeError.self) { try Context().parseIRFile("/nonexistent/x.ll") }
    }

    @Test func runsPipelinesAndRejectsBadOnes() throws {
        let machine = try TargetMachine(triple: "x86_64-unknown-linux-gnu", codeGenLevel: .O2, relocationModel: .pic)
        let module = try Context().parseIR(Array(Self.sample.utf8), name: "sample.ll")
        module.triple = "x86_64-unknown-linux-gnu"
        try module.runPasses("function(instcombine<no-verify-fixpoint>)", targetMachine: machine)
        #expect(module.instructionCount == 3, "add + shl + ret")
        #expect(module.printIR().contains("shl"))
        #expect(throws: BridgeError.self) { try module.runPasses("function(no-such-pass)", targetMachine: machine) }
        let object = try module.emitObject(targetMachine: machine)
        let sizes = try ELFObject.sizes(of: object)
        #expect(sizes.text > 0)
        #expect(sizes.sections.contains { $0.name == ".text" })
        let assembly = try module.clone().emitAssembly(targetMachine: machine)
        #expect(assembly.contains("add:"))
    }

    @Test func unknownTripleIsAClearError() {
        #expect(throws: BridgeError.self) {
            _ = try TargetMachine(triple: "z80-unknown-none", codeGenLevel: .O2, relocationModel: .static)
        }
        #expect(LLVM.version.hasPrefix("19."))
        #expect(LLVM.registeredTargets.contains("x86-64"))
        #expect(LLVM.registeredTargets.contains("riscv32"))
    }
}
