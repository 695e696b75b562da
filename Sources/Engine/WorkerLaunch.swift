import CProcess
import Foundation

/// How `passlab worker` starts: the engine's workers must lay out memory
/// the same way every time (see `WorkerCommand`).
public enum WorkerLaunch {
    /// Set to 1 in a worker's environment by an engine with
    /// `EngineConfiguration.freshWorkers`: the worker serves each use in a
    /// child of a fork server (`WorkerServer.serveFresh`).
    public static let freshWorkersVariable = "PASSLAB_FRESH_WORKER"

    /// Re-executes this process with address-space randomisation off, once.
    /// Returns when it is off (at once when the engine started the worker
    /// with it off, as it does; after the re-exec otherwise) or cannot be
    /// turned off.
    public static func disableAddressRandomization() {
        let argv: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) } + [nil]
        _ = argv.withUnsafeBufferPointer { passlab_reexec_without_aslr($0.baseAddress!) }
        argv.forEach { free($0) }
    }
}
