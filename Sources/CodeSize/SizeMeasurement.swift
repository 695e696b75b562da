/// One measured result: the pipeline's effect on a module under a protocol.
///
/// Carries everything that produced the number (house rule: every saved
/// number says what made it).
public struct SizeMeasurement: Sendable, Codable, Hashable {
    /// Instructions in the module after the pipeline, before code generation.
    public var instructionCount: Int
    /// Berkeley text of the object in bytes (code and read-only data), as llvm-size-19 reports it.
    public var text: Int
    /// Berkeley data of the object in bytes (writable, initialised), as llvm-size-19 reports it.
    public var data: Int
    /// Berkeley bss of the object in bytes (zero-initialised); not part of `binarySize`.
    public var bss: Int
    /// Berkeley text + data: the paper's binary size.
    public var binarySize: Int
    /// Allocated sections of the object, in file order.
    public var sections: [Section]
    /// The version of the libLLVM that ran the passes and code generation ("19.1.7").
    public var llvmVersion: String
    /// The protocol the object was lowered under, with the triple actually used (the module's own
    /// triple when it has one).
    public var measurementProtocol: MeasurementProtocol
    /// What produced the number: the `opt -p` text run before the protocol's finalization passes
    /// ("" for none).
    public var pipeline: String

    /// A measurement from the object's sizes; keeps only the allocated sections of `sizes`.
    public init(
        instructionCount: Int, sizes: ObjectSizes, llvmVersion: String, measurementProtocol: MeasurementProtocol,
        pipeline: String
    ) {
        self.instructionCount = instructionCount
        text = sizes.text
        data = sizes.data
        bss = sizes.bss
        binarySize = sizes.binarySize
        sections = sizes.sections.filter { $0.category != .other }
        self.llvmVersion = llvmVersion
        self.measurementProtocol = measurementProtocol
        self.pipeline = pipeline
    }
}
