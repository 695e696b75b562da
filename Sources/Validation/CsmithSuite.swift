import Foundation
import Support
import Toolchain

/// Random C programs from csmith with fixed seeds 1...N: each prints a
/// checksum of its globals, compared with the -O0 build's. Generated once
/// per csmith version and kept in the reference cache.
public enum CsmithSuite {
    /// Where Debian's csmith package puts `csmith.h`, which every generated program includes (`-I`).
    public static let includeDirectory = "/usr/include/csmith"

    /// "csmith 2.3.0" -> "2.3.0". csmith writes platform.info into its
    /// working directory, even for --version: it runs in the temporary directory.
    public static func version() throws -> String {
        let line: String
        do {
            line = try Linker.versionLine("csmith", workingDirectory: NSTemporaryDirectory())
        } catch {
            throw PassListEvalError.suiteUnavailable(
                "csmith is not installed (\(error)); install it with `sudo apt-get install csmith`, or drop --csmith")
        }
        return line.split(separator: " ").last.map(String.init) ?? line
    }

    /// The programs for seeds 1...count, generated into `directory` if missing.
    public static func programs(count: Int, directory: String) throws -> [TestProgram] {
        guard count > 0 else { return [] }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let generated = ParallelResults<Result<TestProgram, PassListEvalError>>.compute(
            count: count, width: ProcessInfo.processInfo.activeProcessorCount
        ) { index in
            Result { program(seed: index + 1, source: try source(seed: index + 1, directory: directory).text) }
                .mapError { $0 as? PassListEvalError ?? .toolFailed("csmith --seed \(index + 1): \($0)") }
        }
        return try generated.map { try $0.get() }
    }

    /// The program for `seed`, generated into `directory` (once; csmith's
    /// output depends only on the seed and csmith's version).
    public static func source(seed: Int, directory: String) throws -> (path: String, text: String) {
        let path = "\(directory)/seed-\(seed).c"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) { return (path, text) }
        // csmith writes platform.info into its working directory; two csmith processes sharing one
        // (seeds generated in parallel) fail now and then (1 run in 80 here, exit 255, nothing on stderr).
        let scratch = try ScratchDirectory.create(purpose: "csmith")
        defer { ScratchDirectory.remove(scratch) }
        let result = try ProcessRunner.run(
            ProcessRequest(
                "csmith", ["--seed", String(seed)], workingDirectory: scratch,
                timeout: 60, outputLimit: 16 << 20))
        guard result.termination.succeeded, !result.timedOut, !result.outputTruncated else {
            throw PassListEvalError.toolFailed(
                "csmith --seed \(seed) failed: \(result.termination) \(result.stderrText.prefix(300))")
        }
        try Data(result.standardOutput).write(to: URL(fileURLWithPath: path), options: .atomic)
        return (path, result.stdoutText)
    }

    static func program(seed: Int, source: String) -> TestProgram {
        TestProgram(
            name: "csmith/\(seed)", language: .c, source: source, compileFlags: ["-I\(includeDirectory)", "-w"],
            linkFlags: [], referenceLevel: "-O0")
    }
}

extension HumanEvalSuite {
    /// The problems as test programs with their -O2 reference level.
    public var testPrograms: [TestProgram] {
        problems.map {
            TestProgram(
                name: $0.taskID, language: .cxx, source: $0.program, compileFlags: [], linkFlags: $0.linkFlags,
                referenceLevel: "-O2")
        }
    }
}
