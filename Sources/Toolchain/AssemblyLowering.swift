import CodeSize
import Foundation

/// Assembly for IR as the models saw it: what `clang-19 -S` prints when the
/// IR comes on standard input (the paper's disassembly pairs are the
/// inverse of `clang -xir - -o - -S`).
///
/// clang-19 itself is run (bounded, per house rule 12) rather than PassLab's
/// in-process emitter: clang's driver adds `-faddrsig` (`.addrsig` lines
/// llc and PassLab's emitter do not print), and a round trip (lift the
/// assembly to IR, lower it again, compare) must use the very command that
/// made the pair. The codegen level follows the protocol: `paper` is
/// clang's default for IR, -O0 (clang then runs its O0 pipeline, the
/// always-inliner, as the paper protocol's `clang -c` does); `shipping`
/// lowers at -O2 with `-Xclang -disable-llvm-passes`, because clang -O2 on
/// IR would otherwise optimize it again before code generation.
public struct AssemblyLowering: Sendable {
    /// The tools; its `clang` (clang-19) is the one run.
    public let toolchain: Toolchain
    /// Decides the codegen level and relocation flags; its triple is not used
    /// (the IR's own `target triple` is).
    public let measurementProtocol: MeasurementProtocol
    /// Wall-clock limit of one clang-19 run, in seconds.
    public let timeout: Double

    /// A lowering under `measurementProtocol`, each clang-19 run limited to
    /// `timeout` seconds (default 120).
    public init(toolchain: Toolchain, measurementProtocol: MeasurementProtocol, timeout: Double = 120) {
        self.toolchain = toolchain
        self.measurementProtocol = measurementProtocol
        self.timeout = timeout
    }

    /// Why clang gave no assembly; the example is skipped and counted.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// One line: the time-out, the output limit, or clang's exit status and
        /// the first line of its standard error.
        public var message: String
        /// `message`, for logs and string interpolation.
        public var description: String { message }
    }

    /// clang's arguments for IR of `triple` (passed so that clang never
    /// overrides the module's triple; the output is the same as without it
    /// when the triple is the host's).
    public func arguments(triple: String?) -> [String] {
        var arguments = ["-S"]
        if measurementProtocol.codeGen != .O0 {
            arguments += ["-\(measurementProtocol.codeGen.rawValue)", "-Xclang", "-disable-llvm-passes"]
        }
        switch measurementProtocol.reloc {
        case .pic: break  // clang's default on this platform (PIE)
        case .static, .default: arguments.append("-fno-pic")
        }
        if let triple, !triple.isEmpty { arguments.append("--target=\(triple)") }
        return arguments + ["-xir", "-", "-o", "-"]
    }

    /// The command as a user would type it (recorded with the dataset).
    public var commandDescription: String {
        (["clang-19"] + arguments(triple: nil)).joined(separator: " ")
    }

    /// `ir` lowered to assembly text.
    public func assembly(of ir: String) -> Result<String, Failure> {
        let request = ProcessRequest(
            toolchain.clang, arguments(triple: Self.triple(in: ir)), standardInput: Array(ir.utf8), timeout: timeout)
        let result: ProcessResult
        do {
            result = try ProcessRunner.run(request)
        } catch {
            return .failure(Failure(message: "\(error)"))
        }
        if result.timedOut { return .failure(Failure(message: "clang-19 -S did not finish within \(Int(timeout)) s")) }
        if result.outputTruncated {
            return .failure(Failure(message: "clang-19 -S printed more than the output limit"))
        }
        guard result.termination.succeeded else {
            let firstLine = result.stderrText.split(separator: "\n").first.map(String.init) ?? ""
            return .failure(Failure(message: "clang-19 -S failed (\(result.termination)): \(firstLine)"))
        }
        return .success(result.stdoutText)
    }

    /// The `target triple = "..."` of textual IR, if any.
    public static func triple(in ir: String) -> String? {
        for line in ir.split(separator: "\n", omittingEmptySubsequences: true)
        where line.hasPrefix("target triple = \"") {
            return String(line.dropFirst("target triple = \"".count).prefix { $0 != "\"" })
        }
        return nil
    }
}
