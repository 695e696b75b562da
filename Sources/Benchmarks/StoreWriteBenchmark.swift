import CodeSize
import Foundation
import Pipelines
import Store
import Support
import Toolchain

/// How fast a results store records evaluations when N processes write it
/// at once, as N shards of a campaign do: a synthetic writer (the store API
/// itself, real-shaped measurement rows, no LLVM) so the store's cost is
/// what is measured. Each writer is its own process (its own connection or
/// SQLite handle, as a shard has), records `evaluations` distinct
/// evaluations of its own program in transactions of `batch`, and reports
/// when it started and finished; the rate is all evaluations over the span
/// from the first start to the last finish.
public enum StoreWriteBenchmark {
    /// The write rate at one number of concurrent writers.
    public struct Point: Sendable, Codable {
        /// Writer processes running at once.
        public var writers: Int
        /// Evaluations recorded by all writers together.
        public var evaluations: Int
        /// Wall-clock seconds from the first writer's start to the last one's finish.
        public var seconds: Double
        /// `evaluations / seconds`: the store's aggregate write rate.
        public var evaluationsPerSecond: Double
    }

    /// Sixteen real catalog passes: a writer's pipelines spell distinct numbers in them.
    static let passes = [
        "function(sroa)", "function(gvn)", "function(instcombine)", "function(simplifycfg)", "module(globaldce)",
        "function(early-cse)", "function(reassociate)", "function(dse)", "cgscc(inline)", "function(loop-mssa(licm))",
        "function(loop(indvars))", "module(ipsccp)", "function(adce)", "function(sccp)", "module(deadargelim)",
        "function(mem2reg)",
    ]

    /// `passes` as pipeline elements.
    static let elements = passes.flatMap { Pipeline(stringLiteral: $0).elements }

    /// The pipeline numbered `index` (distinct indices give distinct pipelines).
    static func pipeline(_ index: Int) -> Pipeline {
        var digits: [Pipeline.Element] = []
        var rest = index
        repeat {
            digits.append(elements[rest % 16])
            rest /= 16
        } while rest > 0 || digits.count < 8
        return Pipeline(elements: digits)
    }

    /// One writer's work; returns (start, end) as seconds since 1970.
    /// Opens `url` (a SQLite path or `postgres://` URL), records under a
    /// program and run of its own named by `tag` and `writer`; `batch` must
    /// be positive (the CLI checks it).
    public static func write(
        store url: String, writer: Int, evaluations: Int, batch: Int, tag: String
    ) throws
        -> (start: Double, end: Double)
    {
        let store = try ResultStore(url: url)
        let start = Date().timeIntervalSince1970
        let program = try store.program(
            contentHash: "bench-\(tag)-\(writer)", llvmVersion: "19.1.7",
            name: "bench-\(writer).c", instructionCount: 120)
        let run = try store.startRun(
            command: "bench store", seed: Int64(writer), budget: evaluations,
            llvmVersion: "19.1.7", measurementProtocol: .shipping)
        var index = 0
        while index < evaluations {
            let records = (index..<min(index + batch, evaluations)).map { number in
                let size = 900 + number % 97
                let sizes = SizeMeasurement(
                    instructionCount: 100 + number % 31,
                    sizes: ObjectSizes(sections: [
                        Section(name: ".text", size: size, category: .text),
                        Section(name: ".data", size: 16, category: .data),
                        Section(name: ".bss", size: 8, category: .bss),
                    ]),
                    llvmVersion: "19.1.7", measurementProtocol: .shipping, pipeline: "")
                return MeasurementRecord(
                    pipeline: pipeline(number), measurementProtocol: .shipping, llvmVersion: "19.1.7",
                    outcome: .measured, sizes: sizes, seconds: 0.02)
            }
            try store.record(records, program: program, run: run)
            index += batch
        }
        try store.finishRun(run, status: "finished")
        return (start, Date().timeIntervalSince1970)
    }

    /// Runs `writers` writer processes (`executable` with `arguments(writer)`) at once; each prints "START END".
    public static func measure(
        writers: Int, evaluations: Int, executable: String, arguments: @Sendable (Int) -> [String]
    ) throws
        -> Point
    {
        let results = ParallelResults<Result<ProcessResult, ProcessError>>(count: writers)
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            results.store(
                Result { () throws(ProcessError) in
                    try ProcessRunner.run(ProcessRequest(executable, arguments(writer), timeout: 1800))
                }, at: writer)
        }
        var spans: [(Double, Double)] = []
        for result in results.values {
            let output = try result.get()
            let fields = output.stdoutText.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
            guard output.termination.succeeded, fields.count == 2 else {
                throw ProcessPipeline.Failure(
                    command: "passlab bench store --writer", output: String(output.stderrText.suffix(1000)))
            }
            spans.append((fields[0], fields[1]))
        }
        let seconds = spans.map(\.1).max()! - spans.map(\.0).min()!
        let total = writers * evaluations
        return Point(
            writers: writers, evaluations: total, seconds: seconds, evaluationsPerSecond: Double(total) / seconds)
    }
}
