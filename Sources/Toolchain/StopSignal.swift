import Foundation

/// Ctrl-C as a request, not a kill: the first SIGINT (or SIGTERM) sets a
/// flag that long runs poll between batches, so evaluations in flight finish
/// and are stored; a second one exits at once (status 130).
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var sources: [DispatchSourceSignal] = []

    /// A stop flag not yet tied to any signal: `install(notice:)` ties it.
    public init() {}

    /// True once Ctrl-C (SIGINT), SIGTERM or `request()` has asked for a stop;
    /// never reset.
    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }

    /// Requests a stop (what the signal handler does; tests call it directly).
    public func request() {
        lock.lock()
        requested = true
        lock.unlock()
    }

    /// Takes over SIGINT and SIGTERM for this process; `notice` is printed
    /// on the first one.
    public func install(notice: String) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                if self.isRequested {
                    FileHandle.standardError.write(
                        Data("\nstopped at once; evaluations in flight are lost, everything stored stays.\n".utf8))
                    // exit skips deinit and defer: temporary directories and workers go here.
                    ScratchDirectory.removeAllNow()
                    exit(130)
                }
                self.request()
                FileHandle.standardError.write(Data("\n\(notice)\n".utf8))
            }
            source.resume()
            sources.append(source)
        }
    }
}
