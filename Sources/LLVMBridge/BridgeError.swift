/// Everything that can go wrong inside the bridge. Messages quote the value
/// and say what to do.
public enum BridgeError: Error, CustomStringConvertible, Equatable {
    /// The IR did not parse. `line`/`column` are 1-based when LLVM gave them.
    case malformedIR(file: String, line: Int?, column: Int?, message: String)
    /// The IR was written by a newer LLVM than the one linked here.
    case newerLLVM(file: String, producer: String, message: String)
    /// The file could not be read at all.
    case unreadable(file: String, reason: String)
    /// The pipeline text was rejected by LLVM's pass builder.
    case invalidPipeline(pipeline: String, message: String)
    /// No registered target matches the triple.
    case unknownTarget(triple: String, message: String)
    /// Code generation failed (LLVM returned an error instead of an object).
    case emitFailed(message: String)
    /// A function named for extraction does not exist or has no body.
    case noSuchFunction(name: String)
    /// A function's body from another list's copy of the module could not
    /// replace the base copy's (see `Module.transplantFunction`).
    case transplantRefused(function: String, reason: String)

    /// The message `passlab` prints: what failed, on which file, pipeline or triple, and, where
    /// there is one, the fix on a second line.
    public var description: String {
        switch self {
        case let .malformedIR(file, line, column, message):
            let location = [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(
                separator: ":")
            return
                "\(location): malformed LLVM IR: \(message)\nFix the IR, or regenerate it from source with `passlab ir`."
        case let .newerLLVM(file, producer, message):
            return
                "\(file): this IR was produced by \(producer), newer than the LLVM \(LLVM.version) PassLab uses, which cannot read it (\(message)).\nRegenerate it with clang-19 (`passlab ir FILE.c`); do not use /opt/swift's clang or another clang."
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .invalidPipeline(pipeline, message):
            return
                "invalid pipeline '\(pipeline)': \(message)\nWrite it in `opt-19 -p` syntax with adaptors, e.g. 'module(globaldce),function(gvn)'; `passlab passes` lists the catalog."
        case let .unknownTarget(triple, message):
            return
                "unknown target triple '\(triple)': \(message)\nUse a triple LLVM 19 was built for, e.g. x86_64-unknown-linux-gnu, aarch64-linux-gnu, thumbv7em-none-eabi, riscv32-unknown-elf."
        case let .emitFailed(message):
            return "code generation failed: \(message)"
        case let .noSuchFunction(name):
            return "no defined function named '\(name)' in the module"
        case let .transplantRefused(function, reason):
            return "cannot take @\(function) from another pass list: \(reason)"
        }
    }
}
