import ArgumentParser
import CodeSize
import Evaluation
import Foundation
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

/// Prints "passlab: error: ..." and exits with the error's code.
func exitWithError(_ error: any Error) -> Never {
    let (message, code): (String, Int32) = switch error {
    case let error as MeasureError: (error.description, error.exitCode)
    case let error as Validation.ValidationError: (error.description, error.exitCode)
    default: ("\(error)", 65)
    }
    FileHandle.standardError.write(Data("passlab: error: \(message)\n".utf8))
    Foundation.exit(code)
}

/// Runs `body`, turning thrown errors into the exit codes of the house style.
func reportingErrors<T>(_ body: () throws -> T) -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        Foundation.exit(error.rawValue)
    } catch {
        exitWithError(error)
    }
}

/// Writes an HTML report (atomically); a path that cannot be written is a usage error.
func writeHTMLReport(_ page: String, to path: String) throws {
    do {
        try Data(page.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw MeasureError.usage("\(path): cannot write the HTML report: \(error.localizedDescription)")
    }
}

/// Pretty, stable JSON (sorted keys) for `--json`.
func printJSON<T: Encodable>(_ value: T) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    print(String(decoding: data, as: UTF8.self))
}
