/// One measured result: the pipeline's effect on a module under a protocol.
///
/// Carries everything that produced the number (house rule: every saved
/// number says what made it).
public struct SizeMeasurement: Sendable, Codable, Hashable {
    /// Instructions in the module after the pipeline, before code generation.
    public var instructionCount: Int
    public var text: Int
    public var data: Int
    public var bss: Int
    /// Berkeley text + data: the paper's binary size.
    public var binarySize: Int
    /// Allocated sections of the object, in file order.
    public var sections: [Section]
    public var llvmVersion: String
    public var measurementProtocol: MeasurementProtocol
    public var pipeline: String

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
