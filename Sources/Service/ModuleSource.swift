import CodeSize
import Engine
import Foundation

/// A module named by a request: `"path"` (.c/.cpp/.ll/.bc on the server's
/// file system; C and C++ are lowered as `passlab size` lowers them, for
/// `"triple"` with `"clangArguments"` when given) or `"ir"` (LLVM IR text).
/// Exactly one of the two.
struct ModuleSource {
    var bytes: [UInt8]
    var name: String
    /// The triple asked for: IR must already be for it (IR is target-specific).
    var triple: String?

    /// The parameters that name a module.
    static let parameters: Set<String> = ["path", "ir", "name", "triple", "clangArguments"]

    static func from(_ params: Params, limits: ServiceLimits) throws(ServiceError) -> ModuleSource {
        let path = try params.string("path")
        let ir = try params.string("ir")
        let defaultName = try params.string("name")
        let triple = try params.string("triple")
        let clangArguments = try params.stringArray("clangArguments") ?? []
        let isIR = ir != nil || ["ll", "bc"].contains(((path ?? "") as NSString).pathExtension.lowercased())
        if isIR && !clangArguments.isEmpty {
            throw .invalidParams("clangArguments", "clang arguments apply to C and C++ sources, not to IR")
        }
        switch (path, ir) {
        case (nil, nil):
            throw .invalidParams(
                "path", "give a module: \"path\" (a .c, .cpp, .ll or .bc file) or \"ir\" (LLVM IR text)")
        case (.some, .some):
            throw .invalidParams("ir", "give either \"path\" or \"ir\", not both")
        case (nil, .some(let text)):
            try check(text.utf8.count, limits: limits, what: "params.ir")
            return ModuleSource(bytes: Array(text.utf8), name: defaultName ?? "ir", triple: triple)
        case (.some(let path), nil):
            let bytes = try read(path, triple: triple, clangArguments: clangArguments, limits: limits)
            return ModuleSource(bytes: bytes, name: defaultName ?? path, triple: triple)
        }
    }

    private static func read(
        _ path: String, triple: String?, clangArguments: [String], limits: ServiceLimits
    ) throws(ServiceError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .invalidParams(
                "path", "\(path.debugDescription) is not a file on the server; give a .c, .cpp, .ll or .bc file")
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        try check(size, limits: limits, what: path)
        let bytes: [UInt8]
        do {
            bytes = try ProgramMeasurer.irBytes(of: path, triple: triple, clangArguments: clangArguments)
        } catch let error as MeasureError {
            if case .usage(let message) = error { throw .invalidParams("path", message) }
            throw ServiceError(.moduleError, error.description)
        } catch {
            throw ServiceError(.moduleError, "\(path): \(error)")
        }
        try check(bytes.count, limits: limits, what: "\(path) lowered to IR")
        return bytes
    }

    private static func check(_ size: Int, limits: ServiceLimits, what: String) throws(ServiceError) {
        guard size <= limits.maxModuleBytes else {
            throw ServiceError(
                .limitExceeded,
                "\(what) is \(size) bytes, over the server's --max-module-bytes "
                    + "\(limits.maxModuleBytes); split the module (passlab split) "
                    + "or start the server with a larger limit"
            )
        }
    }

    /// Registers the module and has a worker parse it: a module that does
    /// not parse is a `module_error` quoting LLVM's diagnostic.
    func register(in engine: EvaluationEngine) throws(ServiceError) -> RegisteredModule {
        let module = RegisteredModule(bytes: bytes, name: name, engine: engine)
        switch engine.load(module.handle) {
        case .failure(let failure):
            throw ServiceError(.moduleError, failure.message)
        case .success(let loaded):
            if let triple, !loaded.triple.isEmpty, Self.normalized(loaded.triple) != Self.normalized(triple) {
                throw .invalidParams(
                    "triple",
                    "\(name) is IR for \(loaded.triple), not \(triple); IR is target-specific: "
                        + "lower the source for \(triple) (passlab ir SOURCE --triple \(triple)) "
                        + "or leave \"triple\" out"
                )
            }
            return module
        }
    }

    private static func normalized(_ triple: String) -> String {
        triple.replacingOccurrences(of: "-unknown", with: "").replacingOccurrences(of: "-pc", with: "")
    }
}

extension MeasurementProtocol {
    /// The `"protocol"` param ("shipping" when absent) and `"triple"` (for
    /// IR without one; C and C++ are lowered for it).
    static func from(
        _ params: Params, default fallback: MeasurementProtocol = .shipping
    ) throws(ServiceError) -> MeasurementProtocol {
        let triple = try params.string("triple") ?? fallback.triple
        guard let name = try params.string("protocol") else {
            return MeasurementProtocol(fallback.name, triple: triple)
        }
        guard let parsed = ProtocolName(rawValue: name) else {
            throw .invalidParams(
                "protocol", "\(name.debugDescription) is not a protocol; give \"shipping\" or \"paper\"")
        }
        return MeasurementProtocol(parsed, triple: triple)
    }
}
