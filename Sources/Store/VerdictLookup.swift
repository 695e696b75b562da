import CodeSize
import Foundation
import Pipelines

/// Which pipelines passed or failed validation under a protocol (any suite:
/// one failure anywhere rejects a list), by canonical text.
public final class VerdictLookup: @unchecked Sendable {
    private let lock = NSLock()
    private var passed: [String: Bool] = [:]
    private var canonical: [String: String] = [:]

    public init(store: ResultStore, measurementProtocol: MeasurementProtocol) {
        let key = measurementProtocol.storeKey
        for verdict in (try? store.verdicts()) ?? []
        where verdict.protocolKey == key && verdict.llvmVersion == PassCatalog.llvmVersion {
            passed[verdict.pipeline] = (passed[verdict.pipeline] ?? true) && verdict.passed
        }
    }

    public func verdict(_ pipeline: String) -> Bool? {
        let text = canonicalText(pipeline)
        lock.lock()
        defer { lock.unlock() }
        return passed[text]
    }

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
