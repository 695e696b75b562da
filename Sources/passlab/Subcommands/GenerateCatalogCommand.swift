import ArgumentParser
import Engine
import Foundation
import Toolchain

struct GenerateCatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-catalog",
        abstract: "Regenerate Sources/Pipelines/PassCatalog+Generated.swift from opt-19 --print-passes.",
        shouldDisplay: false
    )

    @Option(
        name: .shortAndLong,
        help: "Where to write the Swift source. Default: the file in the checkout PassLab was built from.")
    var output: String = PackageLocation.shippedFile("Sources/Pipelines/PassCatalog+Generated.swift").path

    @OptionGroup var engine: EngineOptions

    func run() throws {
        reportingErrors {
            let result = try CatalogGenerator.generate(engine: try engine.makeEngine(), toolchain: try Toolchain.find())
            try AtomicFile.write(result.source, to: output)
            try StandardOutput.print(
                "wrote \(output): \(result.entries.count) entries, \(result.excluded.count) excluded")
        }
    }
}
