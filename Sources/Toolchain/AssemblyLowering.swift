import CodeSize
import Foundation

/// IR to assembly as the paper's disassembly task defines it: the inverse
/// of `clang -xir - -o - -S`. Both the disassembly dataset and the round
/// trip of a lifted answer go through here, so "identical assembly" means
/// one toolchain, one command.
///
/// Paper protocol (codegen O0): exactly `clang-19 -xir - -o - -S`. Other
/// codegen levels add `-O<n> -Xclang -disable-llvm-passes`: codegen at that
/// level, no IR passes.
public enum AssemblyLowering {
    public struct Failure: Error, CustomStringConvertible {
        public var diagnostics: String
        public var description: String { diagnostics }
    }

    /// clang-19's arguments for `measurementProtocol` (the IR comes on
    /// standard input; its own target triple is kept).
    public static func arguments(for measurementProtocol: MeasurementProtocol, triple: String?) -> [String] {
        var arguments = ["-xir", "-", "-o", "-", "-S", "-Wno-override-module"]
        if let triple, !triple.isEmpty { arguments.append("--target=\(triple)") }
        if measurementProtocol.codeGen != .O0 {
            arguments += ["-\(measurementProtocol.codeGen.rawValue)", "-Xclang", "-disable-llvm-passes"]
        }
        return arguments
    }

    /// The assembly of `ir` (text), or clang's diagnostics when it does not
    /// compile (an outcome, not an error of PassLab's).
    public static func lower(ir: String, triple: String?, measurementProtocol: MeasurementProtocol, toolchain: Toolchain,
                             timeout: Double = 120) throws -> Result<String, Failure> {
        let result = try ProcessRunner.run(ProcessRequest(toolchain.clang, arguments(for: measurementProtocol, triple: triple),
                                                          standardInput: Array(ir.utf8), timeout: timeout))
        guard result.termination.succeeded else {
            return .failure(Failure(diagnostics: result.stderrText.isEmpty ? "clang-19 ended with \(result.termination)" : result.stderrText))
        }
        return .success(result.stdoutText)
    }

    /// The triple named in IR text (`target triple = "..."`), if any.
    public static func triple(inIR ir: String) -> String? {
        guard let range = ir.range(of: "target triple = \"") else { return nil }
        let rest = ir[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
