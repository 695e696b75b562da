/// PassLab's own version: the one constant `passlab --version` prints and
/// every `--json` output carries (in its `provenance`).
public enum PassLabVersion {
    /// The semantic version of this build ("0.1.0"), written as `passlabVersion` in every provenance.
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
    /// The protocol's codegen level (`O0`...`O3`); nil when the output measures nothing.
    public var codegen: CodeGenLevel?
    /// The relocation model of the measured objects (`pic`, `static`, `default`); nil when the output
    /// measures nothing.
    public var reloc: RelocationModel?
    /// The target triple the objects were emitted for; nil when the output measures nothing.
    public var triple: String?
    /// The version of the LLVM that made the numbers ("19.1.7"): the linked libLLVM's, or the catalog's.
    public var llvmVersion: String
    /// The PassLab that wrote the output (`PassLabVersion.current` unless told otherwise).
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

    /// "shipping (codegen O2, pic, x86_64-unknown-linux-gnu); LLVM 19.1.7" (only "LLVM 19.1.7" when
    /// nothing was measured): the text outputs' one-line form.
    public var description: String {
        let measured = measurementProtocol.map { "\($0); " } ?? ""
        return "\(measured)LLVM \(llvmVersion)"
    }
}

/// A JSON object output with its provenance added under `provenance`: for
/// outputs whose own type has none (a split, a corpus build). `Value` must
/// encode as a keyed container (a JSON object).
public struct WithProvenance<Value: Encodable>: Encodable {
    /// The output itself, whose keys are written at the top level of the JSON object.
    public var value: Value
    /// Written beside `value`'s keys under `provenance`.
    public var provenance: Provenance

    /// `value` as it encodes, with `provenance` added to its object.
    public init(_ value: Value, provenance: Provenance) {
        self.value = value
        self.provenance = provenance
    }

    /// Encodes `value`'s keys, then `provenance` in the same keyed container; throws (or fails in the
    /// encoder) when `value` does not encode as a JSON object.
    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(provenance, forKey: .provenance)
    }

    enum Key: String, CodingKey {
        case provenance
    }
}
