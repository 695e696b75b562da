import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The LLVM 19 tools PassLab calls. Only the `-19` tools: the unsuffixed
/// opt/llc here are LLVM 14, and /opt/swift's clang is 21 (LLVM 19 cannot
/// read its IR).
public struct Toolchain: Sendable {
    /// Path of clang-19, the C driver: PassLab's frontend for C (`Frontend`),
    /// the lowering of IR to assembly (`AssemblyLowering`) and the -Oz
    /// reference compiles.
    public var clang: String
    /// Path of clang++-19, the C++ driver (the frontend for C++ sources).
    public var clangxx: String
    /// Path of opt-19: lists the passes for the catalog (`--print-passes`) and
    /// runs `-p` pass lists as a separate process (the process-pipeline
    /// benchmark).
    public var opt: String
    /// Path of llc-19, LLVM 19's code generator: lowers IR to objects outside
    /// the workers (validation's mutated test programs, the process-pipeline
    /// benchmark).
    public var llc: String
    /// Path of llvm-size-19, whose Berkeley text and data columns PassLab's own
    /// ELF sizes are checked against.
    public var llvmSize: String
    /// Path of llvm-dis-19, which turns bitcode back into textual IR.
    public var llvmDis: String

    /// Why a tool could not be found.
    public enum Error: Swift.Error, CustomStringConvertible {
        /// `tool` (e.g. `opt-19`) is in none of `searched`, the candidate paths
        /// in the order they were tried.
        case missing(tool: String, searched: [String])

        /// The message a user sees: the paths tried and how to install LLVM 19
        /// or set PASSLAB_LLVM_BIN.
        public var description: String {
            switch self {
            case let .missing(tool, searched):
                return
                    "\(tool) not found (looked in \(searched.joined(separator: ", "))). Install LLVM 19: `sudo apt-get install llvm-19 clang-19 lld-19` (or run scripts/demo, which does it), or set PASSLAB_LLVM_BIN to the directory holding it."
            }
        }
    }

    /// Finds the tools in $PASSLAB_LLVM_BIN, /usr/lib/llvm-19/bin and PATH.
    public static func find() throws(Error) -> Toolchain {
        ignoreSIGPIPE()
        return Toolchain(
            clang: try locate("clang-19", bare: "clang"),
            clangxx: try locate("clang++-19", bare: "clang++"),
            opt: try locate("opt-19", bare: "opt"),
            llc: try locate("llc-19", bare: "llc"),
            llvmSize: try locate("llvm-size-19", bare: "llvm-size"),
            llvmDis: try locate("llvm-dis-19", bare: "llvm-dis"))
    }

    /// Only clang-19 (or clang++-19, `cxx`): what a drop-in compiler runs.
    /// $PASSLAB_LLVM_BIN first, then the name on PATH (so that clang's
    /// messages name it as a build that called clang-19 would see them),
    /// then /usr/lib/llvm-19/bin.
    public static func findCompiler(cxx: Bool) throws(Error) -> String {
        let (name, bare) = cxx ? ("clang++-19", "clang++") : ("clang-19", "clang")
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let dir = environment["PASSLAB_LLVM_BIN"] { candidates += ["\(dir)/\(name)", "\(dir)/\(bare)"] }
        candidates += (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
        candidates.append("/usr/lib/llvm-19/bin/\(bare)")
        for candidate in candidates where access(candidate, X_OK) == 0 {
            return candidate
        }
        throw .missing(tool: name, searched: candidates)
    }

    /// One tool (`opt-19`, bare name `opt`) found as `find()` finds it,
    /// without requiring the others.
    public static func findTool(_ name: String, bare: String) throws(Error) -> String {
        try locate(name, bare: bare)
    }

    static func locate(_ name: String, bare: String) throws(Error) -> String {
        var candidates: [String] = []
        if let dir = ProcessInfo.processInfo.environment["PASSLAB_LLVM_BIN"] {
            candidates += ["\(dir)/\(name)", "\(dir)/\(bare)"]
        }
        candidates.append("/usr/lib/llvm-19/bin/\(bare)")
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        candidates += path.split(separator: ":").map { "\($0)/\(name)" }
        for candidate in candidates where access(candidate, X_OK) == 0 {
            return candidate
        }
        throw .missing(tool: name, searched: candidates)
    }
}

/// Writing to a pipe whose reader died must be an error, not a death.
public func ignoreSIGPIPE() {
    signal(SIGPIPE, SIG_IGN)
}
