internal import CLLVM
import Foundation

/// Process-wide facts about the linked LLVM and one-time initialisation.
public enum LLVM {
    /// The version of the linked libLLVM, e.g. "19.1.7".
    public static var version: String { String(cString: passlab_llvm_version()) }

    /// The major version of the linked libLLVM (19).
    public static var majorVersion: Int {
        var major: UInt32 = 0, minor: UInt32 = 0, patch: UInt32 = 0
        LLVMGetVersion(&major, &minor, &patch)
        return Int(major)
    }

    /// True when `bytes` are LLVM bitcode, raw (`BC C0 DE`) or in the bitcode wrapper
    /// (magic 0x0B17C0DE, little-endian) some toolchains write; anything else is taken for textual IR.
    public static func isBitcode(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x42, 0x43, 0xC0, 0xDE]) || bytes.starts(with: [0xDE, 0xC0, 0x17, 0x0B])
    }

    private static let initialized: Bool = {
        passlab_initialize_all_targets()
        return true
    }()

    /// Registers every target LLVM was built with. Idempotent and thread-safe
    /// (Swift initialises the static once).
    public static func initialize() {
        _ = initialized
    }

    /// Installs LLVM's crash handlers, which print "Running pass 'X' on
    /// function 'f'" to stderr when a pass crashes. For worker processes.
    public static func enableCrashDiagnostics() {
        LLVMEnablePrettyStackTrace()
    }

    /// Names of the registered targets ("x86-64", "aarch64", "thumb", ...).
    public static var registeredTargets: [String] {
        initialize()
        var names: [String] = []
        var target = LLVMGetFirstTarget()
        while let current = target {
            names.append(String(cString: LLVMGetTargetName(current)))
            target = LLVMGetNextTarget(current)
        }
        return names
    }
}

/// Takes ownership of a C string allocated by LLVM and frees it.
func takeLLVMMessage(_ message: UnsafeMutablePointer<CChar>?) -> String {
    guard let message else { return "" }
    defer { LLVMDisposeMessage(message) }
    return String(cString: message)
}

/// Consumes an LLVMErrorRef and returns its message, or nil for success.
func takeLLVMError(_ error: LLVMErrorRef?) -> String? {
    guard let error else { return nil }
    let text = LLVMGetErrorMessage(error)
    defer { LLVMDisposeErrorMessage(text) }
    return text.map { String(cString: $0) } ?? "unknown LLVM error"
}
