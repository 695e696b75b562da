import ArgumentParser
import Benchmarks
import Toolchain

/// `passlab bench spawn`: the cost of starting a child, as this process is and after it grew.
struct SpawnBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spawn",
        abstract: "Milliseconds per child process started (PassLab's spawn and glibc's posix_spawn), "
            + "with this process as it is and after it touched --ballast MiB more memory.",
        discussion: "Example: passlab bench spawn --spawns 200 --ballast 2048"
    )

    @Option(help: "Children started per way and size.")
    var spawns = 200

    @Option(help: "Memory this process touches before the second measurement, MiB.")
    var ballast = 2048

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard spawns >= 1 else { throw ValidationError("--spawns must be at least 1, got \(spawns)") }
        guard (0...65536).contains(ballast) else {
            throw ValidationError("--ballast must be 0 to 65536 MiB, got \(ballast)")
        }
    }

    func run() throws {
        reportingErrors {
            let report = try SpawnBenchmark(spawns: spawns, ballastMiB: ballast).run()
            if json { try printJSON(report) } else { try StandardOutput.print(SpawnBenchmark.text(report)) }
        }
    }
}
