import Foundation

/// The flat, documented JSON shape of `passlab size --json`.
public struct SizeReport: Sendable, Codable, Hashable {
    public var file: String
    public var instructionCount: Int
    public var text: Int
    public var data: Int
    public var bss: Int
    public var binarySize: Int
    public var sections: [Section]
    /// Protocol, codegen level, relocation model, triple, LLVM and PassLab versions.
    public var provenance: Provenance
    public var pipeline: String
    /// What "binarySize" means, spelled out for readers of saved JSON.
    public var metric: String

    public init(file: String, measurement: SizeMeasurement) {
        self.file = file
        instructionCount = measurement.instructionCount
        text = measurement.text
        data = measurement.data
        bss = measurement.bss
        binarySize = measurement.binarySize
        sections = measurement.sections
        provenance = Provenance(measurement.measurementProtocol, llvmVersion: measurement.llvmVersion)
        pipeline = measurement.pipeline
        metric = "Berkeley text + data of the object file (llvm-size), .bss excluded"
    }

    /// The human-readable form.
    public var rendered: String { rendered(pipelineName: pipeline.isEmpty ? "(none)" : pipeline) }

    /// The human-readable form, naming the pipeline `pipelineName` (text
    /// output names clang's -Oz pipeline rather than printing it).
    public func rendered(pipelineName: String) -> String {
        var lines = [
            "\(file)",
            "  protocol      \(provenance)",
            "  pipeline      \(pipelineName)",
            "  instructions  \(instructionCount)",
            "  text          \(text)",
            "  data          \(data)",
            "  bss           \(bss)",
            "  binary size   \(binarySize) bytes (text + data)",
            "  sections",
        ]
        let width = max(12, sections.map(\.name.count).max() ?? 0)
        for section in sections {
            lines.append(
                "    \(section.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(section.size).leftPadded(8))  \(section.category.rawValue)"
            )
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    public func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
