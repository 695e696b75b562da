import ArgumentParser
import Engine
import Foundation
import Pipelines
import Predictor
import Store
import Toolchain

/// `passlab predictor matrix`: the training matrix (examples x actions x sizes) the predictor learns from.
struct PredictorMatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract:
            "Measure every action on every training example: the compact matrix `predictor train --matrix` learns from.",
        discussion: """
            ACTIONS is a text file, one action per line: a catalog list as `opt -p` text (`(no passes)`: the empty list) or \
            `oz-edits: EDIT; EDIT` (edits of the protocol's -Oz pipeline: `del PATH`, `set PATH OPTION`, `all OPTION`, \
            `append PIPELINE`); `#` starts a comment. A code base is an input's parent directory. Every size goes to --db \
            as it is measured: after Ctrl-C or a crash, the same command resumes where it stopped.

            Example: passlab predictor matrix corpus/zstd corpus/lua --actions data/training/actions-shipping.txt \
            --split-functions --db train.sqlite -o data/training/matrix-shipping.json.gz
            """
    )

    @Argument(help: "The training units (.ll/.bc/.c/.cpp files or directories).")
    var inputs: [String]

    @Option(help: "The actions file (one action per line).")
    var actions: String

    @Option(help: "The results store sizes are kept in (resumable).")
    var db: String

    @Option(name: .short, help: "The matrix file to write (.json.gz).")
    var output: String

    @Flag(help: "Also make every function of every unit an example (split as `passlab split`).")
    var splitFunctions = false

    @Option(help: "Units above this many bytes of IR are not split.")
    var splitLimit = 200_000

    @OptionGroup var measurement: MeasurementOptions
    @OptionGroup var engine: EngineOptions

    func run() throws {
        reportingErrors {
            let files = try ProgramDiscovery.programs(in: inputs)
            guard !files.isEmpty else {
                throw MeasureError.usage(
                    "no programs in \(inputs.joined(separator: ", ")); give .ll/.bc/.c/.cpp files or directories")
            }
            let actionList = try TrainingMatrixBuilder.actions(fromFile: actions)
            let store = try ResultStore(
                path: try StoreLocation(parsing: db).sqlitePath(command: "passlab predictor matrix"))
            let stop = StopSignal()
            stop.install(notice: "stopping after the evaluations in flight (Ctrl-C again to quit at once)...")
            let builder = try TrainingMatrixBuilder(
                engine: try engine.makeEngine(), store: store,
                measurementProtocol: measurement.measurementProtocol, actions: actionList)
            builder.splitFunctions = splitFunctions
            builder.splitLimit = splitLimit
            builder.stop = stop
            builder.progress = ProgressReporter()
            let codeBases = Set(
                files.map { (($0 as NSString).deletingLastPathComponent as NSString).lastPathComponent }
            ).sorted()
            let provenance =
                "passlab predictor matrix: \(files.count) units of \(codeBases.joined(separator: ", "))"
                + (splitFunctions ? ", every function of units up to \(splitLimit) bytes split out" : "")
                + "; \(actionList.count) actions; protocol \(measurement.measurementProtocol)"
            guard let matrix = try builder.build(inputs: files, provenance: provenance) else {
                FileHandle.standardError.write(
                    Data(
                        "passlab: interrupted; every size measured so far is in \(db): run the same command again to finish\n"
                            .utf8))
                throw ExitCode(130)
            }
            try writeAtomically(try matrix.compressed(), to: output)
            let functions = matrix.examples.filter { $0.function != nil }.count
            try StandardOutput.print(
                """
                \(matrix.examples.count) examples (\(matrix.examples.count - functions) units, \(functions) functions) x \(matrix.actions.count) actions, \
                protocol \(matrix.protocolName); compilations took \(String(format: "%.0f", matrix.compileSeconds)) s on \(matrix.jobs) workers
                wrote \(output)
                """)
        }
    }
}
