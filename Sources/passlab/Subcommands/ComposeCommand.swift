import ArgumentParser
import CodeSize
import Engine
import Foundation
import Pipelines
import Toolchain

/// `passlab compose`: per-function pass lists in one object.
struct ComposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract:
            "Per-function pass lists in one object: each function takes the body the list that compiles it smallest makes.",
        discussion: """
            Compiles the program with each --list, takes the list whose object is smallest as the base, then gives \
            functions the bodies other lists made of them, one at a time, keeping each only when the whole object gets \
            smaller; a body that uses something the base list dropped or changed is refused. One finalization and one \
            code generation follow, so the output is one object, measured. `tune` does this at budgets above 1 with \
            validated lists; this command composes any lists you give, and validates nothing: run `passlab validate` on \
            each list first if the result is to ship. --composition applies a composition printed by --json (or by \
            `tune --json` as perFunction) again, exactly.

            Example: passlab compose prog.c --list 'module(default<Oz>)' --list 'function(sroa,instcombine)' -c -o prog.o
            """
    )

    @OptionGroup var program: ProgramOptions

    @Option(name: .customLong("list"), help: "A pass list in `opt-19 -p` syntax; give it two or more times.")
    var lists: [String] = []

    @Option(
        help:
            "A JSON file holding a composition ({\"lists\": [...], \"functions\": {...}}) to apply instead of choosing one."
    )
    var composition: String?

    @Option(
        name: .short,
        help: "Output file: IR text, bitcode when it ends in .bc, the object with -c. Default: none (sizes only).")
    var output: String?

    @Flag(name: .short, help: "Write the object file (as measured) instead of the IR.")
    var compile = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard composition != nil || lists.count >= 2 else {
            throw ValidationError("give two or more --list pipelines (or --composition FILE); got \(lists.count)")
        }
        guard composition == nil || lists.isEmpty else {
            throw ValidationError("--composition names its own lists: leave out --list")
        }
        if compile && output == nil { throw ValidationError("-c writes the object: say where with -o FILE.o") }
    }

    func run() throws {
        reportingErrors {
            let given = try composition.map(Self.readComposition)
            let parsedLists = try given?.lists ?? lists.map(ProgramMeasurer.parsePipeline)
            let (measurer, handle) = try program.load()
            let measurementProtocol = program.measurement.measurementProtocol
            let kind: OutputKinds =
                output == nil ? [] : compile ? .object : output!.hasSuffix(".bc") ? .bitcode : .exactIRText
            let (measurement, applied, artifact) = try measurer.compose(
                handle, lists: parsedLists, composition: given,
                measurementProtocol: measurementProtocol, outputs: kind)
            if let output { try writeAtomically(artifact, to: output) }
            if json {
                try printJSON(
                    ComposeOutput(
                        input: program.file,
                        provenance: Provenance(measurementProtocol, llvmVersion: measurement.llvmVersion),
                        binarySize: measurement.binarySize, text: measurement.text, data: measurement.data,
                        composition: applied, output: output))
            } else {
                try StandardOutput.print(
                    """
                    \(program.file) (\(measurementProtocol))
                      base          \(PassCatalog.displayName(of: applied.base))
                      per function  \(applied.functions.isEmpty ? "none: no other list's body made the object smaller" : applied.summary)
                    \(applied.functions.sorted { $0.key < $1.key }.map { "    \($0.key) <- list \($0.value + 1) of \(applied.lists.count)" }
                    .joined(separator: "\n"))
                      result        \(measurement.binarySize) bytes (text \(measurement.text), data \(measurement.data))\(output.map { "\n  wrote         \($0)" } ?? "")
                    """.escapedForTerminal())
            }
        }
    }

    static func readComposition(_ path: String) throws -> FunctionComposition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MeasureError.usage("\(path): cannot read the composition file")
        }
        do {
            let composition = try JSONDecoder().decode(FunctionComposition.self, from: data)
            guard !composition.lists.isEmpty,
                composition.functions.values.allSatisfy({ $0 > 0 && $0 < composition.lists.count })
            else {
                throw MeasureError.badInput(
                    "\(path): a composition needs lists, and function indices between 1 and the "
                        + "number of lists - 1 (0 is the base); got \(composition.lists.count) lists")
            }
            return composition
        } catch let error as MeasureError {
            throw error
        } catch {
            throw MeasureError.badInput(
                "\(path): not a composition (JSON with \"lists\" and \"functions\", as `passlab compose --json` "
                    + "prints under \"composition\"): \(error)")
        }
    }
}

/// `compose --json`.
struct ComposeOutput: Encodable {
    var input: String
    var provenance: Provenance
    var binarySize: Int
    var text: Int
    var data: Int
    var composition: FunctionComposition
    var output: String?
}
