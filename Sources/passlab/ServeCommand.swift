import ArgumentParser
import Evaluation
import Foundation
import Service

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "A long-lived server over the engine: sessions, batch evaluation, validation, tuning (JSON lines).",
        discussion: """
        Reads one JSON request per line on standard input and answers one JSON line each on standard output, in order \
        (logs go to standard error); end of input or a shutdown request stops it. The protocol (methods, errors, \
        limits) is docs/serve-protocol.md; the Python package under python/ speaks it. Passes run in the engine's \
        worker processes: a list that crashes or hangs LLVM is an outcome of its request, never the server's end.

        Example: echo '{"id":1,"method":"hello"}' | passlab serve
        """
    )

    @OptionGroup var engine: EngineOptions

    @Option(help: "Largest module in bytes (IR text, bitcode, or the IR a C/C++ file lowers to).")
    var maxModuleBytes: Int = 8 << 20

    @Option(help: "Sessions open at once.")
    var maxSessions: Int = 64

    @Option(help: "Seconds one request may take (an evaluation's --timeout is never above it).")
    var requestTimeout: Double = 300

    @Option(help: "Passes in one list.")
    var maxListLength: Int = 500

    @Option(help: "The HumanEval-X file for validate and tune. Default: as passlab validate finds it.")
    var humaneval: String?

    @Option(help: "Results store (SQLite) of tune and validate. Default: $PASSLAB_CACHE_DIR (else ~/.cache/passlab)/tune.sqlite.")
    var db: String?

    func validate() throws {
        guard maxModuleBytes >= 1 else { throw ValidationError("--max-module-bytes must be at least 1, got \(maxModuleBytes)") }
        guard maxSessions >= 1 else { throw ValidationError("--max-sessions must be at least 1, got \(maxSessions)") }
        guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be positive, got \(requestTimeout)") }
        guard maxListLength >= 1 else { throw ValidationError("--max-list-length must be at least 1, got \(maxListLength)") }
    }

    func run() throws {
        reportingErrors {
            let limits = ServiceLimits(maxModuleBytes: maxModuleBytes, maxSessions: maxSessions, requestTimeout: requestTimeout,
                                       maxListLength: maxListLength)
            let evaluationEngine = try EvaluationEngine(configuration: EngineConfiguration(
                jobs: engine.jobs, timeout: min(engine.timeout, requestTimeout)))
            let server = PassLabServer(engine: evaluationEngine,
                                       configuration: ServiceConfiguration(limits: limits, humanEvalPath: humaneval, storePath: db))
            LineTransport(server: server).run()
            evaluationEngine.shutdown()
        }
    }
}
