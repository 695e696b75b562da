internal import CLLVM
import CodeSize

/// An owned LLVMTargetMachine for one triple, CPU, feature set, codegen level
/// and relocation model.
public final class TargetMachine {
    let ref: LLVMTargetMachineRef
    /// The triple as given to `init` (not normalised; see `normalize(_:)`).
    public let triple: String
    /// The `llc -O` level this machine generates code at (a measurement's codegen machine: the
    /// protocol's `codeGen`).
    public let codeGenLevel: CodeGenLevel
    /// The relocation model this machine gives: the object's (`reloc`) for a codegen machine, what
    /// target-dependent passes see (`MeasurementProtocol.passRelocationModel`) for a passes machine.
    public let relocationModel: RelocationModel

    /// A target machine for `triple`, as `llc -mtriple=... -O... -relocation-model=...` would make it;
    /// throws `unknownTarget` when LLVM has no target for the triple.
    ///
    /// - Parameters:
    ///   - cpu: empty for the target's default, as `llc` without `-mcpu`
    ///     (clang records the CPU per function in attributes anyway).
    public init(
        triple: String, cpu: String = "", features: String = "", codeGenLevel: CodeGenLevel,
        relocationModel: RelocationModel
    ) throws(BridgeError) {
        LLVM.initialize()
        let level: Int32 =
            switch codeGenLevel {
            case .O0: 0
            case .O1: 1
            case .O2: 2
            case .O3: 3
            }
        let reloc: Int32 =
            switch relocationModel {
            case .default: 0
            case .static: 1
            case .pic: 2
            }
        var message: UnsafeMutablePointer<CChar>?
        guard let machine = passlab_create_target_machine(triple, cpu, features, level, reloc, &message) else {
            throw .unknownTarget(triple: triple, message: takeLLVMMessage(message))
        }
        ref = machine
        self.triple = triple
        self.codeGenLevel = codeGenLevel
        self.relocationModel = relocationModel
    }

    deinit {
        LLVMDisposeTargetMachine(ref)
    }

    /// LLVM's normalised form of a triple ("x86_64-linux-gnu" ->
    /// "x86_64-unknown-linux-gnu").
    public static func normalize(_ triple: String) -> String {
        takeLLVMMessage(LLVMNormalizeTargetTriple(triple))
    }
}
