#if canImport(Glibc)
import Glibc
#endif
import CodeSize
import Foundation
import Store
import Testing
import TestSupport
import Toolchain

/// How autotuning results end up when programs or runs are odd: an empty
/// program (0 bytes at -Oz), a run killed before it could mark itself.
@Suite(.serialized) struct RunEndingTests {
    static func passlab(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable, arguments, workingDirectory: directory,
                timeout: 600))
    }

    @Test func aZeroSizeProgramIsListedAndLeftOutOfTheGeomean() throws {
        let directory = Fixtures.temporaryDirectory("zero-size")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let empty = directory + "/empty.c"
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        let database = directory + "/r.sqlite"
        let bits = Fixtures.programs + "/09_bits.c"
        let tuned = try Self.passlab([
            "autotune", empty, bits, "--db", database, "--budget", "6",
            "--minimize-budget", "0", "--broadcast", "0", "--no-validate", "--seed", "1",
            "--jobs", "2",
        ])
        #expect(tuned.termination == .exited(0), "\(tuned.stderrText)")
        #expect(!tuned.stderrText.lowercased().contains("nan"), "\(tuned.stderrText)")

        let json = try Self.passlab(["report", "autotune", "--db", database, "--json", "--unvalidated"])
        #expect(json.termination == .exited(0), "\(json.stderrText)")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.standardOutput))
        let object = try #require(parsed as? [String: Any], "\(json.stdoutText)")
        let programs = try #require(object["programs"] as? [[String: Any]], "\(json.stdoutText)")
        let emptyRow = try #require(programs.first { ($0["name"] as? String)?.hasSuffix("empty.c") == true })
        let bitsRow = try #require(programs.first { ($0["name"] as? String)?.hasSuffix("09_bits.c") == true })
        #expect(emptyRow["ozBinarySize"] as? Int == 0)
        #expect(emptyRow["excludedFromGeomean"] as? Bool == true)
        #expect(emptyRow["reductionVsOz"] as? Double == 0)
        #expect(bitsRow["excludedFromGeomean"] as? Bool == false)
        // The geomean is 09_bits.c's own reduction: the empty program does not count.
        let geomean = try #require(object["geomeanReductionVsOz"] as? Double)
        let bitsReduction = try #require(bitsRow["reductionVsOz"] as? Double)
        #expect(geomean.isFinite && abs(geomean - bitsReduction) < 1e-9, "\(geomean) vs \(bitsReduction)")

        let text = try Self.passlab(["report", "autotune", "--db", database, "--unvalidated"])
        #expect(text.termination == .exited(0))
        #expect(!text.stdoutText.lowercased().contains("nan"), "\(text.stdoutText)")
        #expect(text.stdoutText.contains("empty.c: -Oz 0 -> 0 (0 bytes: not in the geomean)"), "\(text.stdoutText)")
        #expect(text.stdoutText.contains("1 program(s) of 0 bytes"), "\(text.stdoutText)")
    }

    @Test func geomeansSkipZeroSizes() {
        #expect(SizeReduction.geomeanPercent([(reference: 0, size: 0), (reference: 100, size: 90)]).isFinite)
        #expect(abs(SizeReduction.geomeanPercent([(reference: 0, size: 0), (reference: 100, size: 90)]) - 10) < 1e-9)
        #expect(SizeReduction.geomeanPercent([(reference: 100, size: 0)]) == 0)
        #expect(SizeReduction.geomeanPercent([]) == 0)
        #expect(SizeReduction.percent(0, vs: 0) == 0)
        #expect(
            AutotuneSummary.geomeanReduction([(oz: 0, best: 0), (oz: 200, best: 150)]) == 25.000000000000004
                || abs(AutotuneSummary.geomeanReduction([(oz: 0, best: 0), (oz: 200, best: 150)]) - 25) < 1e-9)
    }

    @Test func groupsWeighTheSameWhateverTheirSize() {
        // One group halves its one program, the other keeps its two: each group weighs one half, not each program one
        // third.
        let groups = [[(reference: 100, size: 50)], [(reference: 100, size: 100), (reference: 100, size: 100)]]
        #expect(abs(SizeReduction.groupBalancedGeomeanPercent(groups) - 100 * (1 - 1 / 2.0.squareRoot())) < 1e-9)
        #expect(abs(SizeReduction.geomeanPercent(groups.flatMap { $0 }) - 100 * (1 - pow(2, -1.0 / 3))) < 1e-9)
        // A group with nothing measurable is left out, not counted as no gain.
        #expect(
            abs(
                SizeReduction.groupBalancedGeomeanPercent([[(reference: 100, size: 50)], [(reference: 0, size: 0)]])
                    - 50)
                < 1e-9)
        #expect(SizeReduction.groupBalancedGeomeanPercent([]) == 0)
    }

    @Test func aRunKilledWhileRunningIsMarkedAbandonedOnTheNextOpen() throws {
        let directory = Fixtures.temporaryDirectory("abandoned")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/r.sqlite"
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = directory
        let child = try SpawnedProcess.spawn(
            Fixtures.passlabExecutable,
            [
                "autotune", Fixtures.programs + "/09_bits.c", "--db", database,
                "--budget", "1000000", "--no-validate", "--jobs", "1",
            ],
            environment: environment, standardError: .file(directory + "/stderr.txt"))
        child.closeInput()
        let deadline = Date().addingTimeInterval(120)
        var running = false
        while Date() < deadline && !running {
            usleep(200_000)
            running =
                FileManager.default.fileExists(atPath: database)
                && ((try? ResultStore(path: database).runs().map(\.status)) ?? []) == ["running"]
        }
        let log = (try? String(contentsOfFile: directory + "/stderr.txt", encoding: .utf8)) ?? ""
        #expect(running, "the run never started: \(log)")
        child.kill()
        #expect(child.wait() == .signaled(SIGKILL))
        let reopened = try ResultStore(path: database)
        let runs = try reopened.runs()
        #expect(runs.map(\.status) == ["abandoned"])
        #expect(runs.first?.ownerPID == Int64(child.pid))
        #expect(runs.first?.finishedAt != nil)
    }
}
