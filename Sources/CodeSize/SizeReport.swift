import Foundation

/// The flat, documented JSON shape of `passlab size --json`.
public struct SizeReport: Sendable, Codable, Hashable {
    /// The measured input as the user named it (a .c, .cpp, .ll or .bc path).
    public var file: String
    /// Instructions in the module after the pipeline, before code generation (`opt -passes=instcount`).
    public var instructionCount: Int
    /// Berkeley text of the object in bytes (code and read-only data).
    public var text: Int
    /// Berkeley data of the object in bytes (writable, initialised).
    public var data: Int
    /// Berkeley bss of the object in bytes; excluded from `binarySize`.
    public var bss: Int
    /// `text` + `data`: the paper's binary size, the number every comparison uses.
    public var binarySize: Int
    /// The object's allocated sections, in file order, each with its size and Berkeley category.
    public var sections: [Section]
    /// Protocol, codegen level, relocation model, triple, LLVM and PassLab versions.
    public var provenance: Provenance
    /// The `opt -p` text that was measured ("" for none; clang's whole -Oz pipeline when that was asked).
    public var pipeline: String
    /// What "binarySize" means, spelled out for readers of saved JSON.
    public var metric: String

    /// The report of `measurement` taken on `file`, with provenance from the measurement's protocol and
    /// LLVM version (and this PassLab's version).
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
    /// The string right-aligned in `width` characters with leading spaces (as is when already that wide),
    /// for the number columns of text output.
    public func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
