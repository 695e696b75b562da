#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Toolchain

/// How `passlab` was called, when it is called as a compiler. Decided
/// before any option parsing: a compiler's arguments are not PassLab's.
public enum DropInEntry: Sendable, Hashable {
    /// `passlab cc ARGS` (clang-19) or `passlab c++ ARGS` (clang++-19).
    case compile(cxx: Bool, arguments: [String])
    /// `passlab COMPILER ARGS`: a launcher (CMAKE_C_COMPILER_LAUNCHER=passlab).
    case launcher(compiler: String, arguments: [String])
    /// `passlab cc --report ...`.
    case report(arguments: [String])
    /// `passlab cc --help`.
    case help

    /// `arguments`: the command line after the program name. Nil when it
    /// is a PassLab subcommand (or an option), for the usual parser.
    public static func parse(_ arguments: [String], subcommands: Set<String>) -> DropInEntry? {
        guard let first = arguments.first else { return nil }
        let rest = Array(arguments.dropFirst())
        if first == "cc" || first == "c++" {
            if rest.first == "--report" { return .report(arguments: Array(rest.dropFirst())) }
            if rest == ["--help"] || rest == ["-h"] { return .help }
            return .compile(cxx: first == "c++", arguments: rest)
        }
        if subcommands.contains(first) || first.hasPrefix("-") { return nil }
        return looksLikeCompiler(first) ? .launcher(compiler: first, arguments: rest) : nil
    }

    /// A path, or a name such as clang-19, clang++, gcc, cc, c++,
    /// x86_64-linux-gnu-gcc-12.
    static func looksLikeCompiler(_ word: String) -> Bool {
        if word.contains("/") { return true }
        let pattern = #"^([A-Za-z0-9_.]+-)*(clang|clang\+\+|gcc|g\+\+|cc|c\+\+)(-[0-9.]+)?$"#
        return word.range(of: pattern, options: .regularExpression) != nil
    }
}

extension DropInEntry {
    /// The command this entry runs: the compiler to run and whether it is clang 19.
    public func invocation(
        workingDirectory: String = FileManager.default.currentDirectoryPath
    )
        throws(Toolchain.Error) -> CompilerInvocation?
    {
        switch self {
        case let .compile(cxx, arguments):
            return CompilerInvocation(
                compiler: try Toolchain.findCompiler(cxx: cxx), arguments: arguments, compilerIsClang19: true,
                workingDirectory: workingDirectory)
        case let .launcher(compiler, arguments):
            let clang19 = (try? Toolchain.findCompiler(cxx: false)).map {
                CompilerIdentity.realPath(CompilerIdentity.resolve($0) ?? $0)
            }
            let named = CompilerIdentity.resolve(compiler).map { CompilerIdentity.realPath($0) }
            return CompilerInvocation(
                compiler: compiler, arguments: arguments, compilerIsClang19: clang19 != nil && named == clang19,
                workingDirectory: workingDirectory)
        case .report, .help:
            return nil
        }
    }
}

/// Tells compilers apart for the cache: the resolved binary, its size and
/// modification time, and the name it was called by (clang++ is clang's
/// C++ driver by name).
package enum CompilerIdentity {
    package static func fingerprint(_ compiler: String) -> String {
        let real = realPath(resolve(compiler) ?? compiler)
        let attributes = try? FileManager.default.attributesOfItem(atPath: real)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(compiler)|\(real)|\(size)|\(modified)"
    }

    /// `name` looked up in PATH when it has no slash.
    package static func resolve(_ name: String) -> String? {
        if name.contains("/") { return name }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    package static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
