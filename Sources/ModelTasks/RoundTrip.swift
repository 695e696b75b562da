import CodeSize
import Foundation
import LLVMBridge
import Models
import Toolchain

/// The check of a lifted answer (the paper's disassembly task): the IR
/// must parse and verify, lowering it with the same toolchain
/// (`AssemblyLowering`) must give back the input assembly, and it is
/// compared with the reference IR when one is known.
public struct RoundTrip: Codable, Sendable, Hashable {
    /// The answer held IR that LLVM 19 parses and verifies.
    public var parsed: Bool
    /// Lowering it gave assembly identical to the input's (after
    /// `normalizedAssembly`): the round trip succeeded.
    public var success: Bool
    /// BLEU-4 of the lowered assembly against the input assembly (0 when
    /// the IR did not parse or lower).
    public var bleu: Double
    /// The IR equals the reference IR (after `normalizedIR`); nil without one.
    public var exactMatch: Bool?
    /// Why it failed, when it did.
    public var failure: String?

    /// The IR in an answer: its first `<code>` block, else the whole answer.
    public static func answerIR(_ answer: String) -> String {
        ModelAnswer.firstCodeBlock(in: answer) ?? answer
    }

    /// Assembly compared line by line without what names the input rather
    /// than the code: `.file` and `.ident` directives, trailing spaces.
    public static func normalizedAssembly(_ assembly: String) -> [Substring] {
        assembly.split(separator: "\n", omittingEmptySubsequences: false).map(trimmingTrailingSpace).filter { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            return !trimmed.hasPrefix(".file") && !trimmed.hasPrefix(".ident")
        }
    }

    static func trimmingTrailingSpace(_ line: Substring) -> Substring {
        var end = line.endIndex
        while end > line.startIndex, let last = line[..<end].last, last == " " || last == "\t" || last == "\r" {
            end = line.index(before: end)
        }
        return line[..<end]
    }

    /// IR compared without its module name lines and trailing spaces.
    public static func normalizedIR(_ ir: String) -> [Substring] {
        ir.split(separator: "\n").map(trimmingTrailingSpace).filter {
            !$0.hasPrefix("; ModuleID") && !$0.hasPrefix("source_filename") && !$0.isEmpty
        }
    }

    /// Checks `ir` (a lifted answer) against `assembly`, the input it was
    /// lifted from, lowering with clang-19 under `measurementProtocol`'s
    /// codegen; `referenceIR` (nil: unknown) sets `exactMatch`. IR that does
    /// not parse, verify or lower is a failed `RoundTrip`, not an error.
    public static func check(
        ir: String, assembly: String, referenceIR: String?, measurementProtocol: MeasurementProtocol,
        toolchain: Toolchain
    ) throws -> RoundTrip {
        let exact = referenceIR.map { normalizedIR($0) == normalizedIR(ir) }
        do {
            let module = try Context().parseIR(Array(ir.utf8), name: "answer.ll")
            if let problem = module.verify() {
                return RoundTrip(
                    parsed: false, success: false, bleu: 0, exactMatch: exact,
                    failure: "the IR does not verify: \(problem.prefix(300))")
            }
        } catch {
            return RoundTrip(
                parsed: false, success: false, bleu: 0, exactMatch: exact,
                failure: "the IR does not parse: \(String(describing: error).prefix(300))")
        }
        switch AssemblyLowering(toolchain: toolchain, measurementProtocol: measurementProtocol).assembly(of: ir) {
        case .failure(let failure):
            return RoundTrip(
                parsed: true, success: false, bleu: 0, exactMatch: exact,
                failure: "clang-19 cannot lower it: \(failure.message.prefix(300))")
        case .success(let lowered):
            let same = normalizedAssembly(lowered) == normalizedAssembly(assembly)
            let bleu =
                same
                ? 1
                : BLEU.score(
                    candidate: normalizedAssembly(lowered).joined(separator: "\n"),
                    reference: normalizedAssembly(assembly).joined(separator: "\n"))
            return RoundTrip(
                parsed: true, success: same, bleu: bleu, exactMatch: exact,
                failure: same ? nil : "the lowered assembly differs from the input")
        }
    }
}
