import CodeSize
import Foundation
import Pipelines

/// Which pipelines passed or failed validation under a protocol (any suite:
/// one failure anywhere rejects a list), by canonical text.
public final class VerdictLookup: @unchecked Sendable {
    private let lock = NSLock()
    private var passed: [String: Bool] = [:]

    /// Loads every stored verdict under the protocol for this build's LLVM (`PassCatalog.llvmVersion`); a store that
    /// cannot be read gives an empty lookup, not an error.
    public init(store: ResultStore, measurementProtocol: MeasurementProtocol) {
        let key = measurementProtocol.storeKey
        for verdict in (try? store.verdicts()) ?? []
        where verdict.protocolKey == key && verdict.llvmVersion == PassCatalog.llvmVersion {
            // Stored by older versions as the caller wrote it: canonical text from here on.
            let text = (try? Pipeline(parsing: verdict.pipeline).text) ?? verdict.pipeline
            passed[text] = (passed[text] ?? true) && verdict.passed
        }
    }

    /// Whether the list passed validation under the protocol: true, false (some suite failed it), or nil (never
    /// validated); looked up by its canonical text, as verdicts are stored.
    public func verdict(_ pipeline: Pipeline) -> Bool? {
        let text = pipeline.text
        lock.lock()
        defer { lock.unlock() }
        return passed[text]
    }

    /// Adds a verdict reached in this process (it does not write the store: the validator records its own); a failure
    /// is never overwritten by a pass.
    public func remember(_ pipeline: Pipeline, passed value: Bool) {
        let text = pipeline.text
        lock.lock()
        passed[text] = (passed[text] ?? true) && value
        lock.unlock()
    }
}
