import Foundation
import Support
import Toolchain

/// Pinned source archives: downloaded once into a cache, verified by sha256
/// before anything reads them, unpacked into a directory that appears only
/// when complete.
public struct SourceArchives: Sendable {
    /// Why an archive could not be provided.
    public enum Error: Swift.Error, CustomStringConvertible {
        /// `curl` failed or timed out (600 s); `reason` is its error output.
        case downloadFailed(url: String, reason: String)
        /// The downloaded bytes' SHA-256 is not the spec's: the file was
        /// discarded, never read.
        case checksumMismatch(url: String, expected: String, actual: String)
        /// `tar -xf` or `unzip` failed; `reason` is its error output.
        case unpackFailed(archive: String, reason: String)

        /// The failure and the fix (network access once; update the spec
        /// if a package was re-released on purpose).
        public var description: String {
            switch self {
            case let .downloadFailed(url, reason):
                return
                    "\(url): download failed: \(reason). The corpus needs network access to PyPI (files.pythonhosted.org) and Debian (deb.debian.org) once; later builds use the cache."
            case let .checksumMismatch(url, expected, actual):
                return
                    "\(url): sha256 is \(actual), the spec pins \(expected). The file was not used; if the package was re-released on purpose, update corpus/sources.json."
            case let .unpackFailed(archive, reason):
                return "\(archive): cannot unpack: \(reason)"
            }
        }
    }

    /// The cache directory (archives/ and unpacked/ below it).
    public var cache: String

    /// Archives kept under `cache` (created when first needed).
    public init(cache: String) {
        self.cache = cache
    }

    /// $XDG_CACHE_HOME/passlab/sources, or ~/.cache/passlab/sources.
    public static var defaultCache: String {
        let environment = ProcessInfo.processInfo.environment
        let base =
            environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache")
        return (base as NSString).appendingPathComponent("passlab/sources")
    }

    /// The verified archive for `codeBase`, downloading it when missing.
    public func archive(for codeBase: CorpusSpec.CodeBase) throws -> String {
        let directory = (cache as NSString).appendingPathComponent("archives")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(codeBase.archiveName)
        if let bytes = FileManager.default.contents(atPath: path), SHA256.hex(Array(bytes)) == codeBase.sha256 {
            return path
        }
        let partial = path + ".part-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let result = try ProcessRunner.run(
            ProcessRequest(
                "curl",
                [
                    "--fail", "--silent", "--show-error", "--location", "--retry", "3",
                    "--output", partial, codeBase.url,
                ], timeout: 600))
        guard result.termination.succeeded, let bytes = FileManager.default.contents(atPath: partial) else {
            throw Error.downloadFailed(
                url: codeBase.url,
                reason: result.timedOut
                    ? "timed out" : result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let actual = SHA256.hex(Array(bytes))
        guard actual == codeBase.sha256 else {
            throw Error.checksumMismatch(url: codeBase.url, expected: codeBase.sha256, actual: actual)
        }
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return path
    }

    /// A directory of a code base as its archive has it: `subdirectory` of
    /// the spec's `root` (e.g. Lua 5.4's own tree with its makefile and
    /// tests, "lua54" under the lupa archive's third-party/), fetched and
    /// unpacked first when needed.
    public func sourceTree(of codeBase: CorpusSpec.CodeBase, subdirectory: String = "") throws -> String {
        let root = (try unpacked(codeBase) as NSString).appendingPathComponent(codeBase.root)
        return subdirectory.isEmpty ? root : (root as NSString).appendingPathComponent(subdirectory)
    }

    /// The unpacked archive's top directory (verifying or fetching it first).
    public func unpacked(_ codeBase: CorpusSpec.CodeBase) throws -> String {
        let archive = try archive(for: codeBase)
        let directory = (cache as NSString).appendingPathComponent("unpacked/\(codeBase.sha256.prefix(16))")
        if FileManager.default.fileExists(atPath: directory) { return directory }
        let staging = directory + ".part-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let request =
            archive.hasSuffix(".zip")
            ? ProcessRequest("unzip", ["-q", archive, "-d", staging], timeout: 600)
            : ProcessRequest("tar", ["-xf", archive, "-C", staging], timeout: 600)
        let result = try ProcessRunner.run(request)
        guard result.termination.succeeded else {
            throw Error.unpackFailed(archive: archive, reason: result.stderrText)
        }
        try FileManager.default.moveItem(atPath: staging, toPath: directory)
        return directory
    }
}
