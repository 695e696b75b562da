import Foundation

/// Where `--http HOST:PORT` listens. Serving beyond loopback lets anyone who
/// reaches the port run LLVM (and read files by path) on this machine, so a
/// non-loopback host is refused unless the user says so (`--host`).
public struct HTTPEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address to bind, IPv6 without brackets ("127.0.0.1", "::1", "localhost"); never empty.
    public var host: String
    /// 0: any free port (the server prints the one it got).
    public var port: Int

    /// Parses `127.0.0.1:8080`, `localhost:0`, `[::1]:8080`.
    public init(parsing text: String) throws(ServiceError) {
        let usage = "give HOST:PORT, e.g. 127.0.0.1:8080 (port 0: any free port)"
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ServiceError(.invalidParams, "--http \(text.debugDescription): \(usage)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            throw ServiceError(.invalidParams, "--http \(text.debugDescription): no host; \(usage)")
        }
        self.host = host
        self.port = port
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// HOST:PORT as `--http` takes it, an IPv6 host in brackets ("[::1]:8080"): what the `listening` line prints.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
