import Foundation

/// Source languages PassLab lowers to IR.
public enum SourceLanguage: String, Sendable {
    case c, cxx

    /// The language of a path by its extension, or nil for IR and others.
    public static func of(path: String) -> SourceLanguage? {
        switch (path as NSString).pathExtension.lowercased() {
        case "c": return .c
        case "cc", "cpp", "cxx", "c++", "cp": return .cxx
        default: return nil
        }
    }
}

/// One clang-19 invocation that makes unoptimized IR exactly as the paper's
/// frontend did: `-Oz -Xclang -disable-llvm-passes -S -emit-llvm`.
///
/// Not -O0: that adds `optnone` (every pass then does nothing) and `noinline`.
/// This keeps `minsize optsize` and TBAA, as in the released demo.
public struct FrontendInvocation: Sendable, Hashable {
    public var source: String
    public var language: SourceLanguage
    public var triple: String?
    /// The build's own flags (-I, -D, -std, ...), already filtered.
    public var extraArguments: [String]
    public var workingDirectory: String?

    public static let paperFlags = ["-Oz", "-Xclang", "-disable-llvm-passes", "-S", "-emit-llvm"]

    public init(
        source: String, language: SourceLanguage? = nil, triple: String? = nil, extraArguments: [String] = [],
        workingDirectory: String? = nil
    ) {
        self.source = source
        self.language = language ?? SourceLanguage.of(path: source) ?? .c
        self.triple = triple
        self.extraArguments = extraArguments
        self.workingDirectory = workingDirectory
    }

    /// The full argument list (after the executable), writing to `output`
    /// ("-" for standard output).
    public func arguments(output: String) -> [String] {
        var arguments = Self.paperFlags
        if let triple { arguments.append("--target=\(triple)") }
        arguments += extraArguments
        arguments += ["-o", output, source]
        return arguments
    }

    public func executable(in toolchain: Toolchain) -> String {
        language == .cxx ? toolchain.clangxx : toolchain.clang
    }
}

/// Errors from the frontend: the user's source did not compile.
public enum FrontendError: Error, CustomStringConvertible {
    case compileFailed(source: String, command: String, diagnostics: String)
    case timedOut(source: String, seconds: Double)
    case badCompileCommands(file: String, reason: String)

    public var description: String {
        switch self {
        case let .compileFailed(source, command, diagnostics):
            return
                "\(source): clang-19 could not compile it:\n\(diagnostics.trimmingCharacters(in: .whitespacesAndNewlines))\n(command: \(command))\nFix the source or pass the flags it needs after `--`, e.g. `-- -I include -DNDEBUG`."
        case let .timedOut(source, seconds):
            return "\(source): clang-19 did not finish in \(Int(seconds)) s"
        case let .badCompileCommands(file, reason):
            return
                "\(file): not a usable compile_commands.json: \(reason). Generate one with `cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON` or `bear -- make`."
        }
    }
}

public enum Frontend {
    /// Runs the invocation and returns the textual IR.
    public static func emitIR(
        _ invocation: FrontendInvocation, toolchain: Toolchain, timeout: Double = 300
    ) throws -> [UInt8] {
        let executable = invocation.executable(in: toolchain)
        let arguments = invocation.arguments(output: "-")
        let result = try ProcessRunner.run(
            ProcessRequest(executable, arguments, workingDirectory: invocation.workingDirectory, timeout: timeout))
        if result.timedOut { throw FrontendError.timedOut(source: invocation.source, seconds: timeout) }
        guard result.termination.succeeded else {
            let command = ([executable] + arguments).joined(separator: " ")
            throw FrontendError.compileFailed(
                source: invocation.source, command: command, diagnostics: result.stderrText)
        }
        return result.standardOutput
    }
}
