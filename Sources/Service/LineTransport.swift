import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// JSON lines on a pair of file descriptors (standard input and output):
/// one request per line, one response per line, in the order received, so
/// a client may pipeline requests. The output carries only responses. End
/// of input or a `shutdown` request ends the loop.
public struct LineTransport {
    /// The server each request line goes to, one at a time, in the order received.
    public let server: PassLabServer
    /// File descriptor requests are read from (0: standard input); never closed here.
    public let input: Int32
    /// File descriptor that gets one response line per request and nothing else (1: standard output); never closed
    /// here.
    public let output: Int32

    /// A transport on `input` and `output`, standard input and output by default; `run()` serves.
    public init(server: PassLabServer, input: Int32 = 0, output: Int32 = 1) {
        self.server = server
        self.input = input
        self.output = output
    }

    /// Serves until end of input or `shutdown`, or until the output is gone
    /// (the client closed its end: nobody is left to answer, and like other
    /// Unix tools on a closed pipe the server ends quietly).
    public func run() {
        var reader = LineReader(fd: input, limit: server.configuration.limits.maxRequestBytes)
        while let line = reader.next() {
            let response: [UInt8]
            var shutdown = false
            switch line {
            case .line(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                (response, shutdown) = server.respond(to: bytes)
            case .tooLong(let length):
                let limits = server.configuration.limits
                let error = ServiceError(
                    .limitExceeded,
                    "a request line of \(length) bytes or more, over \(limits.maxRequestBytes) "
                        + "(twice --max-module-bytes plus 1 MiB); send a smaller module or raise --max-module-bytes")
                response = [UInt8](
                    (try? JSONValue.encoder.encode(PassLabServer.errorResponse(id: .null, error))) ?? Data())
            }
            guard write(response + [0x0A]) else { return }
            if shutdown { return }
        }
    }

    /// False when the output is closed.
    private func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(output, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}

/// Splits a file descriptor's bytes into lines, never holding more than
/// `limit` bytes of one: a longer line is skipped to its end and reported
/// as `tooLong`, so an endless line cannot exhaust memory.
struct LineReader {
    enum Item {
        case line([UInt8])
        case tooLong(Int)
    }

    let fd: Int32
    let limit: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false

    init(fd: Int32, limit: Int) {
        self.fd = fd
        self.limit = limit
    }

    mutating func next() -> Item? {
        var skipped = 0
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                if skipped > 0 { return .tooLong(skipped + line.count) }
                return .line(line)
            }
            if buffer.count - start > limit {
                skipped += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            if finished {
                guard start < buffer.count || skipped > 0 else { return nil }
                let line = Array(buffer[start...])
                buffer.removeAll()
                start = 0
                return skipped > 0 ? .tooLong(skipped + line.count) : .line(line)
            }
            if start > 0 && start >= buffer.count / 2 {
                buffer.removeFirst(start)
                start = 0
            }
            searchFrom = buffer.count
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 {
                finished = true
                continue
            }
            buffer += chunk[0..<got]
        }
    }
}
