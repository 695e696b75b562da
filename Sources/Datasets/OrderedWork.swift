import Foundation
import Toolchain

/// Work on `width` threads, handed back strictly in index order: results
/// that finish early wait (at most `window` ahead of the next one taken).
final class OrderedWork<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var nextToClaim: Int
    private let end: Int
    private var nextToTake: Int
    private let window: Int
    private var results: [Int: Value] = [:]
    private var claiming = true
    private var running = 0

    init(range: Range<Int>, window: Int) {
        nextToClaim = range.lowerBound
        nextToTake = range.lowerBound
        end = range.upperBound
        self.window = window
    }

    func start(width: Int, _ body: @escaping @Sendable (Int) -> Value) {
        let count = max(1, min(width, end - nextToClaim))
        guard nextToClaim < end else { return }
        condition.lock()
        running = count
        condition.unlock()
        for _ in 0..<count {
            let thread = Thread {
                while let index = self.claim() {
                    let value = body(index)
                    self.condition.lock()
                    self.results[index] = value
                    self.condition.broadcast()
                    self.condition.unlock()
                }
                self.condition.lock()
                self.running -= 1
                self.condition.broadcast()
                self.condition.unlock()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while claiming, nextToClaim < end, nextToClaim >= nextToTake + window { condition.wait() }
        guard claiming, nextToClaim < end else { return nil }
        nextToClaim += 1
        return nextToClaim - 1
    }

    /// No new indices are started (those in flight finish).
    func stopClaiming() {
        condition.lock()
        claiming = false
        condition.broadcast()
        condition.unlock()
    }

    /// The result for `index`, waiting for it; nil when it will never come
    /// (claiming stopped before it started). A stop request stops claiming.
    func take(_ index: Int, stop: StopSignal?) -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while results[index] == nil {
            // Claimed indices always finish; an unclaimed one never will
            // once claiming stopped or every thread is gone.
            if index >= nextToClaim && (!claiming || running == 0) { return nil }
            _ = condition.wait(until: Date().addingTimeInterval(0.2))
            if stop?.isRequested == true && claiming {
                claiming = false
                condition.broadcast()
            }
        }
        nextToTake = index + 1
        condition.broadcast()
        return results.removeValue(forKey: index)
    }

    /// Waits until every thread has finished its module.
    func drain() {
        condition.lock()
        claiming = false
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }
}
