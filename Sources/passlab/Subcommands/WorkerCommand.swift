import ArgumentParser
import Engine
import Foundation
import Toolchain

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Internal: an evaluation worker speaking PassLab's framed protocol on stdin/stdout.",
        shouldDisplay: false
    )

    func run() throws {
        Self.serve()
    }

    /// Serves requests until stdin ends, then exits with the server's status.
    static func serve() -> Never {
        // Some LLVM passes (gvn-sink among them) visit values in an order
        // that depends on heap addresses. opt-19's layout is stable from run
        // to run; ours is not unless randomisation is off, so without this
        // the same pipeline could give different code in different workers.
        WorkerLaunch.disableAddressRandomization()
        let server = WorkerServer()
        // Fresh workers (datasets): every use in a child forked from this state (see `serveFresh`).
        if ProcessInfo.processInfo.environment[WorkerLaunch.freshWorkersVariable] == "1" {
            Foundation.exit(server.serveFresh())
        }
        Foundation.exit(server.run())
    }
}
