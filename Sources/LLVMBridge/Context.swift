internal import CLLVM
import Foundation

/// An owned LLVMContext. Every module lives in exactly one context; a context
/// must only be used from one thread at a time.
///
/// The context installs a diagnostic handler: without one, LLVM *exits the
/// process* on the first error diagnostic (bad inline asm, bitcode errors).
/// Errors are collected instead and surfaced by the operation that caused them.
public final class Context {
    let ref: LLVMContextRef
    private let sink: DiagnosticSink

    /// A new, empty context with PassLab's error-collecting diagnostic handler installed; initialises
    /// LLVM's targets on first use (`LLVM.initialize()`).
    public init() {
        LLVM.initialize()
        ref = LLVMContextCreate()
        sink = DiagnosticSink()
        let opaque = Unmanaged.passUnretained(sink).toOpaque()
        LLVMContextSetDiagnosticHandler(
            ref,
            { info, context in
                guard let info, let context else { return }
                let sink = Unmanaged<DiagnosticSink>.fromOpaque(context).takeUnretainedValue()
                if LLVMGetDiagInfoSeverity(info) == LLVMDSError {
                    sink.errors.append(takeLLVMMessage(LLVMGetDiagInfoDescription(info)))
                }
            }, opaque)
    }

    deinit {
        LLVMContextDispose(ref)
    }

    /// Returns and clears the error diagnostics reported since the last call.
    func drainErrors() -> [String] {
        defer { sink.errors.removeAll() }
        return sink.errors
    }

    /// The input as IR text: textual IR as given, byte for byte (the paper's frontend output, what a prompt
    /// shows), bitcode (raw or wrapped, `LLVM.isBitcode`) parsed and printed; throws as `parseIR` for bad bitcode.
    public func textualIR(of bytes: [UInt8], name: String) throws(BridgeError) -> String {
        LLVM.isBitcode(bytes) ? try parseIR(bytes, name: name).printIR() : String(decoding: bytes, as: UTF8.self)
    }

    /// Parses textual IR or bitcode (detected by its magic number) into a module owned by this context;
    /// throws `malformedIR`, `newerLLVM` (IR from a clang newer than 19) or `unreadable`.
    ///
    /// - Parameter name: what errors call the input (usually its path).
    public func parseIR(_ bytes: [UInt8], name: String) throws(BridgeError) -> Module {
        _ = drainErrors()
        let buffer: LLVMMemoryBufferRef? = bytes.withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { chars in
                name.withCString { cname in
                    LLVMCreateMemoryBufferWithMemoryRangeCopy(chars.baseAddress, chars.count, cname)
                }
            }
        }
        guard let buffer else { throw .unreadable(file: name, reason: "LLVM could not allocate a buffer") }
        var module: LLVMModuleRef?
        var message: UnsafeMutablePointer<CChar>?
        // LLVMParseIRInContext takes ownership of the buffer, success or not.
        let failed = LLVMParseIRInContext(ref, buffer, &module, &message) != 0
        let diagnostics = drainErrors()
        guard !failed, let module else {
            let text = takeLLVMMessage(message)
            throw IRDiagnostic.classify(
                text.isEmpty ? diagnostics.joined(separator: "\n") : text, name: name, bytes: bytes)
        }
        return Module(ref: module, context: self)
    }

    /// Reads and parses a .ll or .bc file; a missing or unreadable file throws `unreadable`.
    public func parseIRFile(_ path: String) throws(BridgeError) -> Module {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason =
                FileManager.default.fileExists(atPath: path)
                ? "permission denied or not a regular file" : "no such file"
            throw .unreadable(file: path, reason: reason)
        }
        return try parseIR([UInt8](data), name: path)
    }
}

final class DiagnosticSink {
    var errors: [String] = []
}

/// Turns LLVM's parser messages into typed errors.
enum IRDiagnostic {
    /// Splits `file:line:col: error: message` and recognises IR written by a
    /// newer LLVM (bitcode names its producer; textual IR carries clang's
    /// version in `llvm.ident`).
    static func classify(_ text: String, name: String, bytes: [UInt8]) -> BridgeError {
        let firstLine = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
        var line: Int?
        var column: Int?
        var message = firstLine
        if let range = firstLine.range(of: ": error: ") {
            message = String(firstLine[range.upperBound...])
            let location = firstLine[..<range.lowerBound].split(separator: ":")
            if location.count >= 3, let l = Int(location[location.count - 2]), let c = Int(location[location.count - 1])
            {
                line = l
                column = c
            }
        }
        if let producer = producerVersion(in: text), producer > LLVM.majorVersion {
            return .newerLLVM(file: name, producer: "LLVM \(producer)", message: message)
        }
        if let clang = identClangVersion(in: bytes), clang > LLVM.majorVersion {
            return .newerLLVM(file: name, producer: "clang \(clang)", message: message)
        }
        return .malformedIR(file: name, line: line, column: column, message: message)
    }

    /// "Producer: 'LLVM21.0.0git' Reader: 'LLVM 19.1.7'" -> 21.
    static func producerVersion(in text: String) -> Int? {
        guard let range = text.range(of: "Producer: 'LLVM") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    /// `!{!"clang version 21.0.0 ..."}` in textual IR -> 21.
    static func identClangVersion(in bytes: [UInt8]) -> Int? {
        guard bytes.first != 0x42 else { return nil }  // bitcode: 'BC'
        let tail = String(decoding: bytes.suffix(4096), as: UTF8.self)
        guard let range = tail.range(of: "clang version ", options: .backwards) else { return nil }
        return Int(tail[range.upperBound...].prefix { $0.isNumber })
    }
}
