import Foundation

/// Source languages PassLab lowers to IR.
public enum SourceLanguage: String, Sendable {
    /// `c`: C, compiled by clang-19; `cxx`: C++, compiled by clang++-19.
    case c, cxx

    /// The language of a path by its extension, or nil for IR and others. As clang's driver has it, `.C`
    /// (capital) is C++; other extensions are taken in any case.
    public static func of(path: String) -> SourceLanguage? {
        let pathExtension = (path as NSString).pathExtension
        if pathExtension == "C" { return .cxx }
        switch pathExtension.lowercased() {
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
    /// Path of the source file, as clang-19 gets it (relative paths resolve
    /// against `workingDirectory`).
    public var source: String
    /// Chooses the driver: clang-19 for C, clang++-19 for C++
    /// (`executable(in:)`).
    public var language: SourceLanguage
    /// Target triple passed as `--target=`; nil: clang-19's default, the
    /// host's.
    public var triple: String?
    /// The build's own flags (-I, -D, -std, ...), already filtered.
    public var extraArguments: [String]
    /// Directory clang-19 runs in (a compilation database's `directory`); nil:
    /// PassLab's current directory.
    public var workingDirectory: String?

    /// The flags every invocation starts with: `-Oz` attributes on the
    /// functions but no IR passes run, textual IR out. The build's own flags
    /// come after them.
    public static let paperFlags = ["-Oz", "-Xclang", "-disable-llvm-passes", "-S", "-emit-llvm"]

    /// An invocation of `source`; a nil `language` is taken from the extension,
    /// and C when the extension is neither C nor C++.
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

    /// clang++-19 for C++, clang-19 otherwise, from `toolchain`.
    public func executable(in toolchain: Toolchain) -> String {
        language == .cxx ? toolchain.clangxx : toolchain.clang
    }
}

/// Errors from the frontend: the user's source did not compile.
public enum FrontendError: Error, CustomStringConvertible {
    /// clang-19 exited unsuccessfully on `source`; `command` is the command
    /// line run, `diagnostics` its standard error.
    case compileFailed(source: String, command: String, diagnostics: String)
    /// clang-19 ran past the `seconds` limit on `source` and was killed.
    case timedOut(source: String, seconds: Double)
    /// `file` is not a compile_commands.json PassLab can use (unreadable, not a
    /// JSON array of objects, an entry without `file` or a command, or two
    /// units that would write the same .ll).
    case badCompileCommands(file: String, reason: String)
    /// clang-19's IR for `source` was over `limit` bytes: it was cut off, so
    /// nothing was measured.
    case irTooLarge(source: String, limit: Int)

    /// The message a user sees, with clang's diagnostics and what to do about
    /// them.
    public var description: String {
        switch self {
        case let .compileFailed(source, command, diagnostics):
            return
                "\(source): clang-19 could not compile it:\n\(diagnostics.trimmingCharacters(in: .whitespacesAndNewlines))\n(command: \(command))\nFix the source or pass the flags it needs after `--`, e.g. `-- -I include -DNDEBUG`."
        case let .timedOut(source, seconds):
            return "\(source): clang-19 did not finish in \(Int(seconds)) s"
        case let .irTooLarge(source, limit):
            let shown = limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes"
            return "\(source): clang-19's IR is over \(shown), more than PassLab reads from it; split the "
                + "translation unit, or give its IR (.ll/.bc) directly"
        case let .badCompileCommands(file, reason):
            return
                "\(file): not a usable compile_commands.json: \(reason). Generate one with `cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON` or `bear -- make`."
        }
    }
}

/// Runs a `FrontendInvocation` under the house limits (a time-out, capped
/// output) and returns its IR.
public enum Frontend {
    /// Runs the invocation and returns the textual IR; throws when clang-19
    /// fails, runs past `timeout` seconds, or prints more than `outputLimit`
    /// bytes (the IR would be cut off).
    public static func emitIR(
        _ invocation: FrontendInvocation, toolchain: Toolchain, timeout: Double = 300, outputLimit: Int = 64 << 20
    ) throws -> [UInt8] {
        let executable = invocation.executable(in: toolchain)
        let arguments = invocation.arguments(output: "-")
        let result = try ProcessRunner.run(
            ProcessRequest(
                executable, arguments, workingDirectory: invocation.workingDirectory, timeout: timeout,
                outputLimit: outputLimit))
        if result.timedOut { throw FrontendError.timedOut(source: invocation.source, seconds: timeout) }
        // Cut-off IR would parse as far as it goes or fail far from the cause: never measured as if whole.
        if result.outputTruncated { throw FrontendError.irTooLarge(source: invocation.source, limit: outputLimit) }
        guard result.termination.succeeded else {
            let command = ([executable] + arguments).joined(separator: " ")
            throw FrontendError.compileFailed(
                source: invocation.source, command: command, diagnostics: result.stderrText)
        }
        return result.standardOutput
    }
}
