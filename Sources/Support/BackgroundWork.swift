import Foundation

/// A computation started on a thread of its own when made; `value()` waits
/// for it and returns what it returned or throws what it threw. For work
/// that blocks (a subprocess, a worker's answer) beside other work of the
/// caller's: `tune` parses its input in the workers while it loads the
/// predictor and opens the store.
public final class BackgroundWork<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let body: () throws -> Value
    private var result: Result<Value, any Error>?

    /// Starts `body` now.
    public init(_ body: @escaping () throws -> Value) {
        self.body = body
        let thread = Thread { [self] in
            result = Result(catching: self.body)
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the work to end (again and again: each call returns the same).
    public func value() throws -> Value {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
