import ArgumentParser
import Autotune
import Cluster
import CodeSize
import Engine
import Foundation
import Models
import Pipelines
import Predictor
import Service
import Store
import Support
import Toolchain
import Validation

/// Prints "passlab: error: ..." (control characters escaped: messages quote
/// file contents, pass names and model answers) and exits with the error's
/// code. A closed standard output ends quietly, as for other Unix tools.
func exitWithError(_ error: any Error) -> Never {
    let (message, code): (String, Int32) =
        switch error {
        case let error as any UserFacingError: (error.userMessage, error.exitCode)
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

/// `--json` of a command whose output type carries no provenance: the
/// object with `provenance` added (protocol keys null when `measurementProtocol` is nil).
func printJSON<T: Encodable>(_ value: T, measuredUnder measurementProtocol: MeasurementProtocol?) throws {
    try printJSON(
        WithProvenance(value, provenance: Provenance(measurementProtocol, llvmVersion: PassCatalog.llvmVersion)))
}

/// Writes an output by the rules of every output (see `AtomicFile`).
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    try AtomicFile.write(bytes, to: path)
}
