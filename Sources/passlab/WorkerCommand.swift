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
        // Some LLVM passes (gvn-sink among them) visit values in an order
        // that depends on heap addresses. opt-19's layout is stable from run
        // to run; ours is not unless randomisation is off, so without this
        // the same pipeline could give different code in different workers.
        WorkerLaunch.disableAddressRandomization()
        throw ExitCode(WorkerServer().run())
    }
}

struct GenerateCatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-catalog",
        abstract: "Regenerate Sources/Pipelines/PassCatalog+Generated.swift from opt-19 --print-passes.",
        shouldDisplay: false
    )

    @Option(name: .shortAndLong, help: "Where to write the Swift source. Default: the file in the checkout PassLab was built from.")
    var output: String = PackageLocation.shippedFile("Sources/Pipelines/PassCatalog+Generated.swift").path

    @OptionGroup var engine: EngineOptions

    func run() throws {
        reportingErrors {
            let result = try CatalogGenerator.generate(engine: try engine.makeEngine(), toolchain: try Toolchain.find())
            try AtomicFile.write(result.source, to: output)
            try StandardOutput.print("wrote \(output): \(result.entries.count) entries, \(result.excluded.count) excluded")
        }
    }
}
