/// Code generation optimisation level, as `llc -O0..-O3`.
public enum CodeGenLevel: String, Sendable, Codable, CaseIterable, Hashable {
    /// `llc -O0` ... `llc -O3` (the raw value is the spelling `--codegen` takes and a store key carries);
    /// the shipping protocol lowers at O2, the paper's at O0.
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

    /// The codegen level this protocol lowers at unless overridden: O2 for `shipping`, O0 for `paper`.
    public var defaultCodeGen: CodeGenLevel { self == .shipping ? .O2 : .O0 }
}

/// How a binary size is measured: everything that changes the number.
///
/// Codegen level and relocation model change sizes 1.6-2x, so every saved
/// number carries the whole protocol, never just its name.
public struct MeasurementProtocol: Sendable, Codable, Hashable, CustomStringConvertible {
    /// Which of the two lowerings (and -Oz references) this is; decides the finalization passes and
    /// the relocation model the passes see.
    public var name: ProtocolName
    /// The `llc -O` level of code generation (by default the name's `defaultCodeGen`).
    public var codeGen: CodeGenLevel
    /// The relocation model of the emitted object (by default PIC for both protocols); the passes may
    /// see another, see `passRelocationModel`.
    public var reloc: RelocationModel
    /// The target triple objects are emitted for (an ELF target: sizes are read from ELF objects).
    public var triple: String

    /// The triple a protocol measures for unless told otherwise: x86-64 Linux, where test programs run.
    public static let defaultTriple = "x86_64-unknown-linux-gnu"

    /// The protocol `name` with its defaults (its `defaultCodeGen`, PIC, `defaultTriple`) for what is not
    /// given.
    public init(
        _ name: ProtocolName, codeGen: CodeGenLevel? = nil, reloc: RelocationModel? = nil,
        triple: String = MeasurementProtocol.defaultTriple
    ) {
        self.name = name
        self.codeGen = codeGen ?? name.defaultCodeGen
        self.reloc = reloc ?? .pic
        self.triple = triple
    }

    /// The headline protocol with every default: codegen O2, PIC, x86_64-unknown-linux-gnu.
    public static let shipping = MeasurementProtocol(.shipping)
    /// The paper's protocol with every default: codegen O0, PIC object, x86_64-unknown-linux-gnu.
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

    /// "shipping (codegen O2, pic, x86_64-unknown-linux-gnu)": name, codegen level, relocation model, triple.
    public var description: String {
        "\(name.rawValue) (codegen \(codeGen.rawValue), \(reloc.rawValue), \(triple))"
    }
}
