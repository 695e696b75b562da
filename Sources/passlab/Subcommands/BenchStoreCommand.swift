import ArgumentParser
import Benchmarks
import Engine
import Foundation
import Store
import Toolchain

/// `passlab bench store`: evaluations recorded per second with N writer processes at once.
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Store write rate: evaluations recorded per second with 1, 2, 4, 8 concurrent writer processes.",
        discussion: """
            Synthetic writers (the store API, real-shaped measurement rows, no LLVM), each a process with its own \
            connection, as shards have.
            Example: passlab bench store --db /tmp/bench.sqlite --writers 1,2,4,8 --evaluations 2000
            """
    )

    @Option(help: "The store to write (a SQLite file or a postgres:// URL; use a scratch one).")
    var db: String

    @Option(help: "Writer counts to measure, comma-separated.")
    var writers = "1,2,4,8"

    @Option(help: "Evaluations each writer records.")
    var evaluations = 2000

    @Option(help: "Evaluations per transaction (the autotuner records one batch per search step).")
    var batch = 1

    @Option(help: .hidden)
    var writer: Int?

    @Option(help: .hidden)
    var tag = ""

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        reportingErrors {
            if let writer {
                let span = try StoreWriteBenchmark.write(
                    store: db, writer: writer, evaluations: evaluations, batch: batch,
                    tag: tag)
                try StandardOutput.print("\(span.start) \(span.end)")
                return
            }
            let counts = writers.split(separator: ",").compactMap { Int($0) }
            guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }), evaluations > 0, batch > 0 else {
                throw MeasureError.usage(
                    "--writers \(writers) --evaluations \(evaluations) --batch \(batch): "
                        + "give positive numbers (e.g. --writers 1,2,4,8)")
            }
            let executable = SlurmAutotuneCommand.executablePath
            var points: [StoreWriteBenchmark.Point] = []
            for count in counts {
                let tag = "\(count)-\(UInt32.random(in: 0...UInt32.max))"
                let (db, evaluations, batch) = (db, evaluations, batch)
                points.append(
                    try StoreWriteBenchmark.measure(writers: count, evaluations: evaluations, executable: executable) {
                        [
                            "bench", "store", "--db", db, "--evaluations", String(evaluations), "--batch",
                            String(batch),
                            "--writer", String($0), "--tag", tag,
                        ]
                    })
            }
            if json {
                try printJSON(points)
                return
            }
            var lines = [
                "store \(StoreLocation.redacted(db)), \(evaluations) evaluations per writer, \(batch) per transaction"
            ]
            for point in points {
                lines.append(
                    String(
                        format: "%2d writers: %7.0f evaluations/s (%d in %.2f s)", point.writers,
                        point.evaluationsPerSecond, point.evaluations, point.seconds))
            }
            try StandardOutput.print(lines.joined(separator: "\n"))
        }
    }
}
