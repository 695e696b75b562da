import Foundation

/// Work distribution for `DispatchQueue.concurrentPerform`: threads claim
/// indices in order and store results by index, so the output order never
/// depends on scheduling (determinism: decide only on ordered results).
public final class ParallelResults<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var storage: [Value?]

    /// Slots for `count` results, all empty; indices `0..<count` are handed out by `claim()`.
    public init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    /// The next unclaimed index, or nil when all are taken.
    public func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < storage.count else { return nil }
        next += 1
        return next - 1
    }

    /// Records the result for a claimed `index`; safe from any thread. Traps if `index` is out of `0..<count`.
    public func store(_ value: Value, at index: Int) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    /// All results in index order; call after every index was stored (an empty slot traps).
    public var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return storage.map { $0! }
    }
}

extension ParallelResults {
    /// `body(0..<count)` on `width` dedicated threads (not the cooperative
    /// pool: bodies block on processes), results in index order. Unlike
    /// `concurrentPerform`, the width may exceed the core count, so threads
    /// waiting on a subprocess or a worker overlap with threads computing.
    public static func compute(count: Int, width: Int, _ body: @escaping @Sendable (Int) -> Value) -> [Value] {
        let results = ParallelResults<Value>(count: count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(width, count)) {
            group.enter()
            let thread = Thread {
                while let index = results.claim() { results.store(body(index), at: index) }
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return results.values
    }
}
