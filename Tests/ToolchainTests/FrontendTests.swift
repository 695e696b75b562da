import Foundation
import Testing
import TestSupport
import Toolchain

struct FrontendTests {
    /// IR over the output limit is an error naming the source, never IR cut short.
    @Test func irOverTheLimitIsAnErrorNotCutOff() throws {
        let source = Fixtures.programs + "/09_bits.c"
        let toolchain = try Toolchain.find()
        let whole = try Frontend.emitIR(FrontendInvocation(source: source), toolchain: toolchain)
        #expect(String(decoding: whole, as: UTF8.self).contains("!llvm.ident"))
        do {
            _ = try Frontend.emitIR(
                FrontendInvocation(source: source), toolchain: toolchain, outputLimit: whole.count - 1)
            Issue.record("IR of \(whole.count) bytes came back under a limit of \(whole.count - 1)")
        } catch let error as FrontendError {
            guard case .irTooLarge(let named, let limit) = error else { Issue.record("\(error)"); return }
            #expect(named == source && limit == whole.count - 1)
            #expect(error.description.contains(source) && error.description.contains("over \(whole.count - 1) bytes"))
        }
    }

    /// `.C` is C++ as clang's driver has it (it was taken for C: clang-19 rather than clang++-19, and `c` in a
    /// corpus manifest); other extensions are taken in any case.
    @Test func aCapitalCIsCPlusPlus() throws {
        #expect(SourceLanguage.of(path: "dir/a.C") == .cxx)
        #expect(SourceLanguage.of(path: "dir/a.c") == .c)
        #expect(SourceLanguage.of(path: "a.CPP") == .cxx && SourceLanguage.of(path: "a.Cc") == .cxx)
        #expect(SourceLanguage.of(path: "a.ll") == nil)
        let directory = Fixtures.temporaryDirectory("capital-c")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/box.C"
        try "template <typename T> struct Box { T value; };\nint unbox(Box<int> b) { return b.value; }\n".write(
            toFile: source, atomically: true, encoding: .utf8)
        let toolchain = try Toolchain.find()
        #expect(FrontendInvocation(source: source).executable(in: toolchain) == toolchain.clangxx)
        let ir = try Frontend.emitIR(FrontendInvocation(source: source), toolchain: toolchain)
        #expect(String(decoding: ir, as: UTF8.self).contains("_Z5unbox3BoxIiE"))
    }
}
