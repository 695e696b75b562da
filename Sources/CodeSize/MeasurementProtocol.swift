/// Code generation optimisation level, as `llc -O0..-O3`.
public enum CodeGenLevel: String, Sendable, Codable, CaseIterable, Hashable {
    case O0, O1, O2, O3
}

/// Relocation model of the emitted object.
public enum RelocationModel: String, Sendable, Codable, CaseIterable, Hashable {
    /// Position-independent code: Debian's clang default (PIE).
    case pic
    /// Static relocation, as for firmware linked at a fixed address.
    case `static`
    /// The target's default, as `llc` without `-relocation-model`.
    case `default`
}

/// The two named ways of turning optimised IR into a binary size.
public enum ProtocolName: String, Sendable, Codable, CaseIterable, Hashable {
    /// What `clang-19 -Oz -c` ships: codegen at O2, PIC. The headline.
    case shipping
    /// The LLM Compiler paper's `clang -c out.bc`: codegen at O0, PIC.
    case paper

    public var defaultCodeGen: CodeGenLevel { self == .shipping ? .O2 : .O0 }
}

/// How a binary size is measured: everything that changes the number.
///
/// Codegen level and relocation model change sizes 1.6-2x, so every saved
/// number carries the whole protocol, never just its name.
public struct MeasurementProtocol: Sendable, Codable, Hashable, CustomStringConvertible {
    public var name: ProtocolName
    public var codeGen: CodeGenLevel
    public var reloc: RelocationModel
    public var triple: String

    public static let defaultTriple = "x86_64-unknown-linux-gnu"

    public init(
        _ name: ProtocolName, codeGen: CodeGenLevel? = nil, reloc: RelocationModel? = nil,
        triple: String = MeasurementProtocol.defaultTriple
    ) {
        self.name = name
        self.codeGen = codeGen ?? name.defaultCodeGen
        self.reloc = reloc ?? .pic
        self.triple = triple
    }

    public static let shipping = MeasurementProtocol(.shipping)
    public static let paper = MeasurementProtocol(.paper)

    /// The relocation model of the target machine the *passes* see. It
    /// matters: rel-lookup-table-converter only runs for PIC. The paper ran
    /// `opt -p P` with opt's default (static) target machine; shipped code is
    /// optimized by clang with the PIC target machine it compiles for
    /// (`opt-19 -relocation-model=pic -p P` reproduces it).
    public var passRelocationModel: RelocationModel { name == .paper ? .default : reloc }

    /// True when the paper protocol's lowering (`clang -c` on bitcode) is in
    /// force: clang runs its O0 pipeline (always-inline) before codegen.
    public var runsClangO0Pipeline: Bool { name == .paper && codeGen == .O0 }

    /// IR passes between the measured pipeline and code generation, or nil.
    /// Paper: clang's O0 pipeline (what `clang -c out.bc` runs). Shipping:
    /// the always-inliner, which clang runs at every level: without it a
    /// list with no inliner leaves calls to `always_inline`
    /// `available_externally` functions (libstdc++'s
    /// `basic_string::_M_use_local_data`, ...) whose bodies codegen drops
    /// and no library exports, so the object cannot be linked and its size
    /// is not that of a program that could ship.
    public var finalizationPipeline: String? {
        if runsClangO0Pipeline { return "default<O0>" }
        return name == .shipping ? "always-inline" : nil
    }

    /// The finalization passes that are not part of the lowering command
    /// itself (`clang -c` runs its O0 pipeline on its own; `llc` runs none):
    /// what an `opt` reference must run, and what makes a store key differ.
    public var optFinalizationPipeline: String? { runsClangO0Pipeline ? nil : finalizationPipeline }

    public var description: String {
        "\(name.rawValue) (codegen \(codeGen.rawValue), \(reloc.rawValue), \(triple))"
    }
}
