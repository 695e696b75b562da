import Foundation
import Toolchain

/// Paths of the repository's fixtures and the built `passlab` binary.
public enum Fixtures {
    /// The package root (two levels above this file's directory).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// C with two external functions for per-function pass lists: -Oz inlines
    /// the static `helper` into `scaled` and deletes it, so `scaled` as another
    /// list leaves it (calling `helper`) cannot go into the -Oz module;
    /// `total` uses no other function. Shared by the composition and
    /// `passlab compose` tests.
    public static let compositionLibrary = """
        static int helper(int x) { return x * 3 + 1; }
        int scaled(int x) { return helper(x) + helper(x + 1); }
        int total(const int *values, int count) {
            int sum = 0;
            for (int i = 0; i < count; i++) sum += values[i] * 2;
            return sum;
        }
        """

    /// A loop that LICM would touch: `licm` outside `loop-mssa` (e.g. `function(licm,gvn)`)
    /// aborts LLVM 19 with "LICM requires MemorySSA". Shared by the engine and service tests.
    public static let licmLoopIR = """
        target triple = "x86_64-unknown-linux-gnu"
        @g = global [100 x i32] zeroinitializer
        define i32 @f(i32 %n) {
        entry:
          br label %loop
        loop:
          %i = phi i32 [ 0, %entry ], [ %next, %loop ]
          %s = phi i32 [ 0, %entry ], [ %t, %loop ]
          %p = getelementptr [100 x i32], ptr @g, i32 0, i32 %i
          %v = load i32, ptr %p
          %m = mul i32 %v, %n
          %t = add i32 %s, %m
          store i32 %t, ptr %p
          %next = add i32 %i, 1
          %c = icmp slt i32 %next, %n
          br i1 %c, label %loop, label %exit
        exit:
          ret i32 %t
        }
        """

    /// Small self-checking C programs (each prints what it computed).
    public static var programs: String { root + "/Tests/Fixtures/programs" }
    /// C sources for freestanding (embedded) targets.
    public static var freestanding: String { root + "/Tests/Fixtures/freestanding" }
    /// C++ sources.
    public static var cpp: String { root + "/Tests/Fixtures/cpp" }
    /// The shipped HumanEval-X suite (164 C++ problems).
    public static var humanEval: String { root + "/data/humaneval-x-cpp/humaneval_cpp.jsonl.gz" }

    /// Files in a fixture directory with one of the extensions, sorted.
    public static func files(in directory: String, extensions: Set<String>) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { extensions.contains(($0 as NSString).pathExtension) }.sorted().map {
            directory + "/" + $0
        }
    }

    /// The `passlab` executable next to the test bundle (SwiftPM builds it
    /// with the tests), or $PASSLAB_BIN.
    public static var passlabExecutable: String {
        if let path = ProcessInfo.processInfo.environment["PASSLAB_BIN"] { return path }
        for configuration in ["debug", "release"] {
            let candidates = [root + "/.build/\(configuration)/passlab"]
            if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
                return found
            }
        }
        // Fall back to the directory of the running test binary.
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "passlab"
        ).path
        return bundle
    }

    /// A fresh temporary directory, removed by the caller.
    public static func temporaryDirectory(_ label: String) -> String {
        let path = NSTemporaryDirectory() + "passlab-test-\(label)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A HumanEval-X file holding only the given problems (same records,
    /// gzip JSON Lines), so a test can validate a few programs.
    public static func humanEvalSubset(_ taskIDs: Set<String>, in directory: String) throws -> String {
        let all = try ProcessRunner.run(ProcessRequest("gzip", ["-dc", humanEval], timeout: 60))
        let lines = all.stdoutText.split(separator: "\n").filter { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                return false
            }
            return taskIDs.contains(object["task_id"] as? String ?? "")
        }
        let plain = "\(directory)/subset.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: plain, atomically: true, encoding: .utf8)
        let zipped = try ProcessRunner.run(ProcessRequest("gzip", ["-n", "-f", plain], timeout: 60))
        precondition(zipped.termination.succeeded, zipped.stderrText)
        return plain + ".gz"
    }
}
