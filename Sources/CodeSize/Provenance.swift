/// PassLab's own version: the one constant `passlab --version` prints and
/// every `--json` output carries (in its `provenance`).
public enum PassLabVersion {
    public static let current = "0.1.0"
}

/// What produced a saved number, in the one shape every `--json` output of
/// `passlab` carries under the key `provenance`.
///
/// House rule 10: a size means nothing without the protocol, codegen level,
/// relocation model, triple and LLVM version that made it, and a report
/// means little without the PassLab that wrote it. Outputs that measure
/// nothing (`passes`) carry the same keys with `null` for the protocol part,
/// so readers never need to guess which shape they have.
public struct Provenance: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The protocol's name, spelled as `--protocol` takes it: `shipping` or `paper`.
    public var `protocol`: ProtocolName?
    public var codegen: CodeGenLevel?
    public var reloc: RelocationModel?
    public var triple: String?
    public var llvmVersion: String
    public var passlabVersion: String

    /// The provenance of numbers measured under `measurementProtocol` with
    /// LLVM `llvmVersion` (nil: the output measures nothing).
    public init(
        _ measurementProtocol: MeasurementProtocol?, llvmVersion: String,
        passlabVersion: String = PassLabVersion.current
    ) {
        self.protocol = measurementProtocol?.name
        codegen = measurementProtocol?.codeGen
        reloc = measurementProtocol?.reloc
        triple = measurementProtocol?.triple
        self.llvmVersion = llvmVersion
        self.passlabVersion = passlabVersion
    }

    enum CodingKeys: String, CodingKey {
        case `protocol`, codegen, reloc, triple, llvmVersion, passlabVersion
    }

    /// Every key is always written (`null` when unknown): one shape for every output.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.protocol, forKey: .protocol)
        try container.encode(codegen, forKey: .codegen)
        try container.encode(reloc, forKey: .reloc)
        try container.encode(triple, forKey: .triple)
        try container.encode(llvmVersion, forKey: .llvmVersion)
        try container.encode(passlabVersion, forKey: .passlabVersion)
    }

    /// The measurement protocol again, when the output has one.
    public var measurementProtocol: MeasurementProtocol? {
        self.protocol.map {
            MeasurementProtocol($0, codeGen: codegen, reloc: reloc, triple: triple ?? MeasurementProtocol.defaultTriple)
        }
    }

    /// "shipping (codegen O2, pic, x86_64-unknown-linux-gnu; LLVM 19.1.7)": the text outputs' one-line form.
    public var description: String {
        let measured = measurementProtocol.map { "\($0); " } ?? ""
        return "\(measured)LLVM \(llvmVersion)"
    }
}

/// A JSON object output with its provenance added under `provenance`: for
/// outputs whose own type has none (a split, a corpus build). `Value` must
/// encode as a keyed container (a JSON object).
public struct WithProvenance<Value: Encodable>: Encodable {
    public var value: Value
    public var provenance: Provenance

    public init(_ value: Value, provenance: Provenance) {
        self.value = value
        self.provenance = provenance
    }

    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(provenance, forKey: .provenance)
    }

    enum Key: String, CodingKey {
        case provenance
    }
}
