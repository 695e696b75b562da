import ArgumentParser
import Cluster
import CodeSize
import Evaluation
import Foundation
import Pipelines
import Store
import Toolchain
import Validation

extension ProtocolName: ExpressibleByArgument {}
extension CodeGenLevel: ExpressibleByArgument {}
extension RelocationModel: ExpressibleByArgument {}

/// `--protocol`, `--codegen`, `--reloc`, `--triple`: shared by every command
/// that measures.
struct MeasurementOptions: ParsableArguments {
    @Option(name: .customLong("protocol"), help: "shipping (codegen O2, PIC: what clang-19 -Oz -c ships) or paper (codegen O0, PIC).")
    var protocolName: ProtocolName = .shipping

    @Option(help: "Override the protocol's codegen level (O0, O1, O2, O3).")
    var codegen: CodeGenLevel?

    @Option(help: "Override the relocation model (pic, static, default).")
    var reloc: RelocationModel?

    @Option(help: "Target triple for C/C++ inputs (IR keeps its own). Default x86_64-unknown-linux-gnu.")
    var triple: String?

    var measurementProtocol: MeasurementProtocol {
        MeasurementProtocol(protocolName, codeGen: codegen, reloc: reloc, triple: triple ?? MeasurementProtocol.defaultTriple)
    }
}

/// `--jobs`, `--timeout`: the worker pool.
struct EngineOptions: ParsableArguments {
    @Option(help: "Worker processes (default: number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seconds one evaluation may take before its worker is killed (the paper's limit: 120).")
    var timeout: Double = 120

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
    }

    func makeEngine() throws -> EvaluationEngine {
        try EvaluationEngine(configuration: EngineConfiguration(jobs: jobs, timeout: timeout))
    }
}

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

/// Prints "passlab: error: ..." (control characters escaped: messages quote
/// file contents, pass names and model answers) and exits with the error's
/// code. A closed standard output ends quietly, as for other Unix tools.
func exitWithError(_ error: any Error) -> Never {
    let (message, code): (String, Int32) = switch error {
    case let error as MeasureError: (error.description, error.exitCode)
    case let error as Validation.ValidationError: (error.description, error.exitCode)
    case let error as AtomicFile.Error: (error.description, error.exitCode)
    case let error as StandardOutput.Error: (error.description, error.exitCode)
    case let error as ResultStore.Error: (error.description, error.exitCode)
    case let error as ClusterError: (error.description, error.exitCode)
    default: ("\(error)", 65)
    }
    if error as? StandardOutput.Error != .closed {
        FileHandle.standardError.write(Data("passlab: error: \(message.escapedForTerminal())\n".utf8))
    }
    Foundation.exit(code)
}

/// Runs `body`, turning thrown errors into the exit codes of the house
/// style; standard output is flushed and checked before success is claimed.
func reportingErrors<T>(_ body: () throws -> T) -> T {
    do {
        let result = try body()
        try StandardOutput.finish()
        return result
    } catch let exit as ExitCode {
        do { try StandardOutput.finish() } catch { if exit.rawValue == 0 { exitWithError(error) } }
        Foundation.exit(exit.rawValue)
    } catch {
        exitWithError(error)
    }
}

/// Writes an HTML report by the rules of every output (see `AtomicFile`).
func writeHTMLReport(_ page: String, to path: String) throws {
    try AtomicFile.write(page, to: path)
}

/// Pretty, stable JSON (sorted keys) for `--json`, through the one checked writer.
func printJSON<T: Encodable>(_ value: T) throws {
    try StandardOutput.printJSON(value)
}
