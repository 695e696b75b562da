import ArgumentParser
import Engine
import Foundation
import Store
import Service

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "A long-lived server over the engine: sessions, batch evaluation, validation, tuning (JSON lines or HTTP).",
        discussion: """
            Reads one JSON request per line on standard input and answers one JSON line each on standard \
            output, in order (logs go to standard error); end of input or a shutdown request stops it. The \
            protocol (methods, errors, limits) is docs/serve-protocol.md; the Python package under python/ speaks \
            it. Passes run in the engine's worker processes: a list that crashes or hangs LLVM is an outcome of \
            its request, never the server's end. With --http HOST:PORT the same requests go to POST /v1/rpc \
            (GET /v1/health answers {"ok":true}); the first line on standard output is {"listening":"HOST:PORT"} \
            (port 0: any free port).

            Example: echo '{"id":1,"method":"hello"}' | passlab serve
            Example: passlab serve --http 127.0.0.1:8080 --token-file token.txt
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

    @OptionGroup var humanEval: HumanEvalOptions

    @Option(help: "Results store (SQLite) of tune and validate. Default: tune's ($PASSLAB_CACHE_DIR/tune.sqlite).")
    var db: String?

    @Option(help: "Serve HTTP on HOST:PORT instead of standard input/output (loopback only unless --host).")
    var http: String?

    @Flag(help: "Allow --http on a non-loopback address: whoever reaches it runs LLVM here (use --token-file).")
    var host = false

    @Option(help: "With --http: a file holding the bearer token every request must send (401 otherwise).")
    var tokenFile: String?

    func validate() throws {
        if let http {
            let endpoint: HTTPEndpoint
            do {
                endpoint = try HTTPEndpoint(parsing: http)
            } catch {
                throw ValidationError(error.message)
            }
            guard endpoint.isLoopback || host else {
                throw ValidationError(
                    "--http \(http) is not a loopback address: anyone who reaches it could run LLVM and read "
                        + "files on this machine; add --host (and --token-file) to serve beyond this machine, "
                        + "or use 127.0.0.1"
                )
            }
        } else if tokenFile != nil || host {
            throw ValidationError(
                "--token-file and --host are for --http HOST:PORT; JSON lines on standard input need neither")
        }
        guard maxModuleBytes >= 1 else {
            throw ValidationError("--max-module-bytes must be at least 1, got \(maxModuleBytes)")
        }
        guard maxSessions >= 1 else { throw ValidationError("--max-sessions must be at least 1, got \(maxSessions)") }
        guard requestTimeout > 0 else {
            throw ValidationError("--request-timeout must be positive, got \(requestTimeout)")
        }
        guard maxListLength >= 1 else {
            throw ValidationError("--max-list-length must be at least 1, got \(maxListLength)")
        }
    }

    func run() throws {
        reportingErrors {
            let limits = ServiceLimits(
                maxModuleBytes: maxModuleBytes, maxSessions: maxSessions, requestTimeout: requestTimeout,
                maxListLength: maxListLength)
            let evaluationEngine = try EvaluationEngine(
                configuration: EngineConfiguration(
                    jobs: engine.jobs, timeout: min(engine.timeout, requestTimeout)))
            // A SQLite file: a postgres:// URL is named as unsupported here, not taken for a path.
            let storePath = try db.map { try StoreLocation(parsing: $0).sqlitePath(command: "passlab serve") }
            let server = PassLabServer(
                engine: evaluationEngine,
                configuration: ServiceConfiguration(
                    limits: limits, humanEvalPath: humanEval.humaneval, storePath: storePath))
            if let http {
                let token = try tokenFile.map { path throws(ServiceError) in try HTTPTransport.token(fromFile: path) }
                try HTTPTransport(server: server, endpoint: try HTTPEndpoint(parsing: http), token: token).run()
            } else {
                LineTransport(server: server).run()
            }
            evaluationEngine.shutdown()
        }
    }
}
