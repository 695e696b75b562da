import Foundation
import Support
import Testing
import TestSupport
import Toolchain
import Validation

/// The HumanEval-X suite ships in the checkout and is found from anywhere;
/// nothing in the project reads the development machines' shared folder.
@Suite struct ShippedSuiteTests {
    @Test func theDefaultSuiteIsTheShippedCopyWithItsPinnedHash() throws {
        guard ProcessInfo.processInfo.environment["PASSLAB_HUMANEVAL"] == nil else {
            Issue.record("PASSLAB_HUMANEVAL is set in the test environment; unset it to test the default lookup")
            return
        }
        let path = try HumanEvalSuite.locate(explicit: nil)
        #expect(path == Fixtures.root + "/data/humaneval-x-cpp/humaneval_cpp.jsonl.gz")
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(SHA256.hex([UInt8](bytes)) == "dcf2e280a1e91bbc3c5f90edb41397e8a9ac1ccc9f5d2b70082f0b0fbfb6dbb0")
        let suite = try HumanEvalSuite.load(path: path)
        #expect(suite.problems.count == 164)
        #expect(suite.problems.first?.taskID == "CPP/0" && suite.problems.last?.taskID == "CPP/163")
    }

    @Test func aMissingSuiteNamesThePathAndTheFix() throws {
        let directory = Fixtures.temporaryDirectory("missing-suite")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["PASSLAB_HUMANEVAL"] = directory + "/nowhere.jsonl.gz"
        let result = try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable, ["validate", "-p", "function(instcombine)"],
                workingDirectory: directory, environment: environment, timeout: 120))
        #expect(result.termination != .exited(0))
        #expect(result.stderrText.contains(directory + "/nowhere.jsonl.gz"), "\(result.stderrText)")
        #expect(result.stderrText.contains("--humaneval"), "\(result.stderrText)")
    }

    /// The shared folder beside the checkout exists only on the project's own machines: a clone must not need it.
    @Test func noSourceTestOrScriptReadsTheDevelopmentMachinesSharedFolder() throws {
        // Spelled in pieces so that this file does not itself contain what it looks for.
        let needles = [".." + "/shared", "shared" + "/data/"]
        var offenders: [String] = []
        for folder in ["Sources", "Tests", "scripts", ".ci"] {
            let root = Fixtures.root + "/" + folder
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            for case let relative as String in walker {
                let path = root + "/" + relative
                guard ["swift", "c", "cpp", "h", "py", "sh", ""].contains((relative as NSString).pathExtension),
                    let text = try? String(contentsOfFile: path, encoding: .utf8)
                else { continue }
                if needles.contains(where: text.contains) { offenders.append(folder + "/" + relative) }
            }
        }
        #expect(offenders.isEmpty, "these read the development machines' shared folder: \(offenders)")
    }
}
