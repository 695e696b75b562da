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
}
