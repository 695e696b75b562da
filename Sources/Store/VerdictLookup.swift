import CodeSize
import Foundation
import Pipelines

/// Which pipelines passed or failed validation under a protocol (any suite:
/// one failure anywhere rejects a list), by canonical text.
public final class VerdictLookup: @unchecked Sendable {
    private let lock = NSLock()
    private var passed: [String: Bool] = [:]
    private var canonical: [String: String] = [:]

    /// Loads every stored verdict under the protocol for this build's LLVM (`PassCatalog.llvmVersion`); a store that
    /// cannot be read gives an empty lookup, not an error.
    public init(store: ResultStore, measurementProtocol: MeasurementProtocol) {
        let key = measurementProtocol.storeKey
        for verdict in (try? store.verdicts()) ?? []
        where verdict.protocolKey == key && verdict.llvmVersion == PassCatalog.llvmVersion {
            passed[verdict.pipeline] = (passed[verdict.pipeline] ?? true) && verdict.passed
        }
    }

    /// Whether the list passed validation under the protocol: true, false (some suite failed it), or nil (never
    /// validated); looked up by canonical `opt -p` text.
    public func verdict(_ pipeline: String) -> Bool? {
        let text = canonicalText(pipeline)
        lock.lock()
        defer { lock.unlock() }
        return passed[text]
    }

    /// Adds a verdict reached in this process (it does not write the store: the validator records its own); a failure
    /// is never overwritten by a pass.
    public func remember(_ pipeline: String, passed value: Bool) {
        let text = canonicalText(pipeline)
        lock.lock()
        passed[text] = (passed[text] ?? true) && value
        lock.unlock()
    }

    private func canonicalText(_ pipeline: String) -> String {
        lock.lock()
        if let known = canonical[pipeline] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let text = (try? PassCatalog.parse(pipeline).description) ?? pipeline
        lock.lock()
        canonical[pipeline] = text
        lock.unlock()
        return text
    }
}
