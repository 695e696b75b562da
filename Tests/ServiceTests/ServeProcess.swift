import Foundation
import Service
import TestSupport
import Toolchain

#if canImport(Glibc)
import Glibc
#endif

/// The real `passlab serve` binary, driven through its standard input and
/// output as a client would (the Python package does the same).
/// One thread may write while another reads: they use different pipes.
final class ServeProcess: @unchecked Sendable {
    let process: SpawnedProcess
    private var buffered: [UInt8] = []

    init(_ arguments: [String] = []) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process = try SpawnedProcess.spawn(
            Fixtures.passlabExecutable, ["serve"] + arguments, environment: environment,
            standardError: .inherit)
    }

    deinit {
        process.kill()
        process.wait()
    }

    func write(_ text: String) throws {
        guard let fd = process.inputFD else { throw ServeProcessError.closed }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { throw ServeProcessError.closed }
            offset += written
        }
    }

    /// The next line of standard output, or nil at its end; waits at most
    /// `timeout` seconds (a generous bound: a hung server fails the test
    /// instead of hanging it).
    func readLine(timeout: Double = 300) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffered.firstIndex(of: 0x0A) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeFirst(newline + 1)
                return line
            }
            var descriptor = pollfd(fd: process.outputFD, events: Int16(POLLIN), revents: 0)
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw ServeProcessError.noAnswer(timeout) }
            guard poll(&descriptor, 1, Int32(remaining * 1000)) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let got = chunk.withUnsafeMutableBytes { read(process.outputFD, $0.baseAddress!, $0.count) }
            if got <= 0 { return buffered.isEmpty ? nil : String(decoding: buffered.splice(), as: UTF8.self) }
            buffered += chunk[0..<got]
        }
    }

    /// One response, decoded.
    func response() throws -> JSONValue {
        guard let line = try readLine() else { throw ServeProcessError.closed }
        return try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
    }

    func request(_ id: Int, _ method: String, _ params: JSONValue = [:]) throws -> String {
        let request: JSONValue = ["id": .int(id), "method": .string(method), "params": params]
        return String(decoding: try JSONEncoder().encode(request), as: UTF8.self) + "\n"
    }
}

enum ServeProcessError: Error {
    case closed
    case noAnswer(Double)
}

extension Array where Element == UInt8 {
    fileprivate mutating func splice() -> [UInt8] {
        defer { removeAll() }
        return self
    }
}
