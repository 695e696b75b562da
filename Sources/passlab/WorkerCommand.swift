import ArgumentParser
import Evaluation
import Foundation
import Toolchain

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Internal: an evaluation worker speaking PassLab's framed protocol on stdin/stdout.",
        shouldDisplay: false
    )

    func run() throws {
        throw ExitCode(WorkerServer().run())
    }
}

struct GenerateCatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-catalog",
        abstract: "Regenerate Sources/Pipelines/PassCatalog+Generated.swift from opt-19 --print-passes.",
        shouldDisplay: false
    )

    @Option(name: .shortAndLong, help: "Where to write the Swift source.")
    var output: String = "Sources/Pipelines/PassCatalog+Generated.swift"

    @OptionGroup var engine: EngineOptions

    func run() throws {
        reportingErrors {
            let result = try CatalogGenerator.generate(engine: try engine.makeEngine(), toolchain: try Toolchain.find())
            try result.source.write(toFile: output, atomically: true, encoding: .utf8)
            print("wrote \(output): \(result.entries.count) entries, \(result.excluded.count) excluded")
        }
    }
}
