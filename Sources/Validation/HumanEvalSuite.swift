import Foundation
import Toolchain

/// The 164 HumanEval-X C++ problems (PassListEval's suite in the paper),
/// assembled as the CodeGeeX harness does: prompt + canonical solution +
/// "\n" + test (each prompt already has the includes it needs).
public struct HumanEvalSuite: Sendable {
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

    public var problems: [Problem]
    /// Where the suite was read from.
    public var path: String

    public enum Error: Swift.Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case badRecord(path: String, line: Int, reason: String)

        public var description: String {
            switch self {
            case let .unreadable(path, reason):
                return "\(path): cannot read the HumanEval-X suite: \(reason). It ships in shared/data/humaneval-x-cpp/ beside the checkout."
            case let .badRecord(path, line, reason):
                return "\(path):\(line): bad HumanEval-X record: \(reason)"
            }
        }
    }

    /// The suite's default location: `../shared/data/humaneval-x-cpp/` next
    /// to the package root, or $PASSLAB_HUMANEVAL.
    public static func defaultPath(packageRoot: String) -> String {
        ProcessInfo.processInfo.environment["PASSLAB_HUMANEVAL"]
            ?? (packageRoot as NSString).appendingPathComponent("../shared/data/humaneval-x-cpp/humaneval_cpp.jsonl.gz")
    }

    /// Where the suite is for a command-line run: `explicit` if given, else
    /// $PASSLAB_HUMANEVAL, else `defaultPath` next to the current directory
    /// or next to the checkout holding `executable` (.build/<config>/passlab).
    public static func locate(explicit: String?, executable: String) throws -> String {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw Error.unreadable(path: explicit, reason: "no such file; give the humaneval_cpp.jsonl.gz of HumanEval-X")
            }
            return explicit
        }
        let checkout = ((executable as NSString).deletingLastPathComponent as NSString).appendingPathComponent("../../..")
        let candidates = [defaultPath(packageRoot: FileManager.default.currentDirectoryPath), defaultPath(packageRoot: checkout)]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw Error.unreadable(path: candidates[0], reason: "not found (looked also at \(candidates[1])); give its path (--humaneval) or set PASSLAB_HUMANEVAL")
        }
        return (found as NSString).standardizingPath
    }

    /// Reads the gzip-compressed JSON Lines file (decompressed with gzip -dc).
    public static func load(path: String) throws -> HumanEvalSuite {
        guard FileManager.default.fileExists(atPath: path) else { throw Error.unreadable(path: path, reason: "no such file") }
        let result = try ProcessRunner.run(ProcessRequest("gzip", ["-dc", path], timeout: 60))
        guard result.termination.succeeded else { throw Error.unreadable(path: path, reason: result.stderrText) }
        var problems: [Problem] = []
        for (index, line) in result.stdoutText.split(separator: "\n").enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let taskID = object["task_id"] as? String, let prompt = object["prompt"] as? String,
                  let solution = object["canonical_solution"] as? String, let test = object["test"] as? String else {
                throw Error.badRecord(path: path, line: index + 1, reason: "missing task_id, prompt, canonical_solution or test")
            }
            let program = prompt + solution + "\n" + test
            problems.append(Problem(taskID: taskID, program: program, linkFlags: program.contains("openssl/") ? ["-lcrypto"] : []))
        }
        problems.sort { (Int($0.taskID.split(separator: "/").last ?? "") ?? 0) < (Int($1.taskID.split(separator: "/").last ?? "") ?? 0) }
        return HumanEvalSuite(problems: problems, path: path)
    }
}
