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

/// A program to measure and how: FILE, `--protocol`..., `--jobs`..., and
/// clang arguments after `--`. Shared by size, opt and compare.
struct ProgramOptions: ParsableArguments {
    @Argument(help: "A .c, .cpp, .ll or .bc file.")
    var file: String

    @OptionGroup var measurement: MeasurementOptions
    @OptionGroup var engine: EngineOptions

    @Argument(parsing: .postTerminator, help: "Extra clang arguments for C/C++ inputs, after `--`.")
    var clangArguments: [String] = []

    /// Starts the engine and registers the file's IR (checked to parse).
    func load() throws -> (measurer: ProgramMeasurer, handle: ModuleHandle) {
        let measurer = ProgramMeasurer(engine: try engine.makeEngine())
        let loaded = try measurer.load(file, triple: measurement.triple, clangArguments: clangArguments)
        return (measurer, loaded.handle)
    }
}
