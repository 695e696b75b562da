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
    /// Raw bitcode and bitcode in the wrapper header (magic 0x0B17C0DE, then version, offset, size, CPU type,
    /// little-endian) are both bitcode and parse to the same module; text is not bitcode.
    @Test func wrappedBitcodeIsBitcode() throws {
        let context = Context()
        let module = try context.parseIR(Array(Self.sample.utf8), name: "sample.ll")
        let raw = module.bitcode()
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xff) } }
        let wrapped = [0xDE, 0xC0, 0x17, 0x0B] + le32(0) + le32(20) + le32(raw.count) + le32(0) + raw
        #expect(LLVM.isBitcode(raw) && LLVM.isBitcode(wrapped) && !LLVM.isBitcode(Array(Self.sample.utf8)))
        // As text: bitcode printed, text byte for byte.
        #expect(try context.textualIR(of: wrapped, name: "x.bc") == (try context.parseIR(raw, name: "x.bc").printIR()))
        #expect(try context.textualIR(of: Array(Self.sample.utf8), name: "x.ll") == Self.sample)
        #expect(
            try context.parseIR(wrapped, name: "x.bc").printIR() == (try context.parseIR(raw, name: "x.bc").printIR()))
    }

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
            guard case let .malformedIR(file, line, column, message) = error else {
                Issue.record("wrong error \(error)"); return
            }
            #expect(file == "broken.ll")
            #expect(line == 3)
            #expect(column == 8)
            #expect(message.contains("instruction opcode"))
            #expect(error.description.hasPrefix("broken.ll:3:8: malformed LLVM IR"))
        }
    }

    /// Textual IR with an attribute LLVM 19 lacks (`captures(none)`, LLVM 21): with clang 21's
    /// `llvm.ident` it is named as newer IR, without it as malformed IR at its line and column.
    @Test func irFromANewerLLVMIsRecognised() throws {
        let body = "define i32 @f(ptr captures(none) %p) {\n  %v = load i32, ptr %p\n  ret i32 %v\n}\n"
        let ident = "!llvm.ident = !{!0}\n!0 = !{!\"clang version 21.1.0\"}\n"
        do {
            _ = try Context().parseIR(Array((body + ident).utf8), name: "newer.ll")
            Issue.record("LLVM 19 parsed captures(none)")
        } catch let error {
            guard case .newerLLVM(let file, let producer, _) = error else {
                Issue.record("expected newerLLVM, got \(error)"); return
            }
            #expect(file == "newer.ll" && producer == "clang 21")
            #expect(error.description.contains("clang-19"), "\(error.description)")
        }
        do {
            _ = try Context().parseIR(Array(body.utf8), name: "plain.ll")
            Issue.record("LLVM 19 parsed captures(none)")
        } catch let error {
            guard case .malformedIR(let file, let line, let column, _) = error else {
                Issue.record("expected malformedIR, got \(error)"); return
            }
            #expect(file == "plain.ll" && line == 1 && column == 19)
        }
    }

    /// Bitcode and text from a newer clang (/opt/swift's, LLVM 21): neither parses, both are named as newer.
    @Test func outputOfANewerClangIsRecognised() throws {
        let newer = "/opt/swift/usr/bin/clang"
        try #require(
            FileManager.default.isExecutableFile(atPath: newer), "the Swift toolchain's clang is needed for this test")
        let version = try ProcessRunner.run(ProcessRequest(newer, ["--version"])).stdoutText
        let major = try #require(version.firstMatch(of: /clang version (\d+)/).flatMap { Int($0.1) })
        try #require(major > LLVM.majorVersion, "\(newer) is LLVM \(major), not newer than \(LLVM.majorVersion)")
        let directory = Fixtures.temporaryDirectory("newer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "int f(int *p) { return *p; }\n".write(toFile: directory + "/f.c", atomically: true, encoding: .utf8)
        for (flag, file) in [("-S", "f.ll"), ("-c", "f.bc")] {
            let result = try ProcessRunner.run(
                ProcessRequest(newer, ["-O2", flag, "-emit-llvm", directory + "/f.c", "-o", directory + "/" + file]))
            try #require(result.termination.succeeded)
            do {
                _ = try Context().parseIRFile(directory + "/" + file)
                Issue.record("\(file): LLVM 19 parsed IR of LLVM \(major) that uses captures(none)")
            } catch let error {
                guard case .newerLLVM(_, let producer, _) = error else {
                    Issue.record("\(file): expected newerLLVM, got \(error)"); continue
                }
                #expect(producer.hasSuffix("\(major)"), "\(file): \(producer)")
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
