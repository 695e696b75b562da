import Foundation
import Toolchain

/// The 164 HumanEval-X C++ problems (PassListEval's suite in the paper),
/// assembled as the CodeGeeX harness does: prompt + canonical solution +
/// "\n" + test (each prompt already has the includes it needs).
public struct HumanEvalSuite: Sendable {
    /// One HumanEval-X C++ task as a complete, self-checking program.
    public struct Problem: Sendable, Hashable {
        /// "CPP/0" ... "CPP/163".
        public var taskID: String
        /// The complete program: solution and its assert-based main.
        public var program: String
        /// Extra link flags (CPP/162 uses OpenSSL's MD5).
        public var linkFlags: [String]

        /// A file-system-safe name: "CPP_0".
        public var fileStem: String { taskID.replacingOccurrences(of: "/", with: "_") }
    }

    /// The problems sorted by task number (CPP/0 first).
    public var problems: [Problem]
    /// Where the suite was read from.
    public var path: String

    /// Why the suite could not be found or read.
    public enum Error: Swift.Error, CustomStringConvertible {
        /// The file is missing or gzip could not decompress it; the message says how to give another path.
        case unreadable(path: String, reason: String)
        /// Line `line` (1-based, decompressed) is not a JSON object with `task_id`, `prompt`,
        /// `canonical_solution` and `test` strings.
        case badRecord(path: String, line: Int, reason: String)

        /// The message a user sees: the path, what is wrong and, for a missing suite, the fix.
        public var description: String {
            switch self {
            case let .unreadable(path, reason):
                return
                    "\(path): cannot read the HumanEval-X suite: \(reason). PassLab ships it as \(PackageLocation.humanEvalRelativePath) in its checkout; give another copy with --humaneval or $PASSLAB_HUMANEVAL."
            case let .badRecord(path, line, reason):
                return "\(path):\(line): bad HumanEval-X record: \(reason)"
            }
        }
    }

    /// The suite's default location: $PASSLAB_HUMANEVAL, else the copy that
    /// ships in the checkout (`data/humaneval-x-cpp/humaneval_cpp.jsonl.gz`),
    /// found from the build, never from the working directory.
    public static var defaultPath: String {
        if let path = ProcessInfo.processInfo.environment["PASSLAB_HUMANEVAL"], !path.isEmpty { return path }
        return PackageLocation.shippedFile(PackageLocation.humanEvalRelativePath).path
    }

    /// Where the suite is for a command-line run: `explicit` if given, else
    /// `defaultPath`. Throws, naming the path and the fix, when it is missing.
    public static func locate(explicit: String?) throws -> String {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw Error.unreadable(
                    path: explicit, reason: "no such file; give the humaneval_cpp.jsonl.gz of HumanEval-X")
            }
            return explicit
        }
        let path = defaultPath
        guard FileManager.default.fileExists(atPath: path) else {
            let origin =
                ProcessInfo.processInfo.environment["PASSLAB_HUMANEVAL"].map { _ in
                    "$PASSLAB_HUMANEVAL names a missing file"
                }
                ?? "the checkout PassLab was built from no longer has it"
            throw Error.unreadable(
                path: path, reason: "not found (\(origin)); give its path with --humaneval or set PASSLAB_HUMANEVAL")
        }
        return (path as NSString).standardizingPath
    }

    /// Reads the gzip-compressed JSON Lines file (decompressed with gzip -dc).
    public static func load(path: String) throws -> HumanEvalSuite {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Error.unreadable(path: path, reason: "no such file")
        }
        let result = try ProcessRunner.run(ProcessRequest("gzip", ["-dc", path], timeout: 60))
        guard result.termination.succeeded else { throw Error.unreadable(path: path, reason: result.stderrText) }
        var problems: [Problem] = []
        for (index, line) in result.stdoutText.split(separator: "\n").enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let taskID = object["task_id"] as? String, let prompt = object["prompt"] as? String,
                let solution = object["canonical_solution"] as? String, let test = object["test"] as? String
            else {
                throw Error.badRecord(
                    path: path, line: index + 1, reason: "missing task_id, prompt, canonical_solution or test")
            }
            let program = prompt + solution + "\n" + test
            problems.append(
                Problem(taskID: taskID, program: program, linkFlags: program.contains("openssl/") ? ["-lcrypto"] : []))
        }
        problems.sort {
            (Int($0.taskID.split(separator: "/").last ?? "") ?? 0)
                < (Int($1.taskID.split(separator: "/").last ?? "") ?? 0)
        }
        return HumanEvalSuite(problems: problems, path: path)
    }
}
