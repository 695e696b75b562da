import ArgumentParser
import Cluster
import CodeSize
import Engine
import Foundation
import Pipelines
import Service
import Store
import Support
import Toolchain
import Validation

/// `--protocol`, `--codegen`, `--reloc`, `--triple`: shared by every command
/// that measures.
struct MeasurementOptions: ParsableArguments {
    @Option(
        name: .customLong("protocol"),
        help: "shipping (codegen O2, PIC: what clang-19 -Oz -c ships) or paper (codegen O0, PIC).")
    var protocolName: ProtocolName = .shipping

    @Option(help: "Override the protocol's codegen level (O0, O1, O2, O3).")
    var codegen: CodeGenLevel?

    @Option(help: "Override the relocation model (pic, static, default).")
    var reloc: RelocationModel?

    @Option(help: "Target triple for C/C++ inputs (IR keeps its own). Default x86_64-unknown-linux-gnu.")
    var triple: String?

    var measurementProtocol: MeasurementProtocol {
        MeasurementProtocol(
            protocolName, codeGen: codegen, reloc: reloc, triple: triple ?? MeasurementProtocol.defaultTriple)
    }
}
