import Foundation
import Testing
import TestSupport
import Toolchain

/// `passlab bench spawn` starts real children both ways, at both sizes, and
/// reports what it measured.
@Suite struct SpawnBenchTests {
    @Test func reportsBothWaysAtBothSizes() throws {
        let result = try CLITests.passlab(["bench", "spawn", "--spawns", "5", "--ballast", "64", "--json"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: Any])
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(
            rows.compactMap { $0["method"] as? String } == [
                "ProcessRunner", "posix_spawn", "ProcessRunner", "posix_spawn",
            ])
        #expect(rows.allSatisfy { $0["spawns"] as? Int == 5 && ($0["millisecondsPerSpawn"] as? Double ?? 0) > 0 })
        // The second pair ran with the ballast resident.
        let resident = rows.compactMap { $0["residentMiB"] as? Int }
        #expect(resident.count == 4 && resident[2] >= resident[0] + 60, "\(resident)")
        #expect((report["processRunnerGrowth"] as? Double ?? 0) > 0 && (report["posixSpawnGrowth"] as? Double ?? 0) > 0)
    }

    @Test func badCountsAreUsageErrors() throws {
        let result = try CLITests.passlab(["bench", "spawn", "--spawns", "0"])
        #expect(result.termination == .exited(64))
        #expect(result.stderrText.contains("--spawns must be at least 1, got 0"), "\(result.stderrText)")
    }
}
