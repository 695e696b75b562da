import Foundation
import Glibc
import Toolchain

/// `passlab bench spawn`: what starting a child costs as this process grows.
///
/// PassLab starts a process for every test program it links and runs (two
/// per HumanEval-X program and list), for every LLVM tool and for every
/// worker. Its children are started by `ProcessRunner` (vfork, then limits,
/// then exec: the parent's memory is borrowed, not copied) and, for a few
/// interactive children, by glibc's posix_spawn. A spawn that copied the
/// parent's page tables (fork) would cost tens of milliseconds per GB of
/// the parent's memory; a test process that had grown to 15 GB took 150 s
/// to validate one list instead of 7 s. Each way is timed here on the same
/// trivial program, first with the process as it is, then after it has
/// touched `ballastMiB` more memory, side by side in one run.
public struct SpawnBenchmark {
    /// One way of spawning at one size of this process.
    public struct Row: Codable, Sendable {
        /// `ProcessRunner` (PassLab's vfork-based spawn) or `posix_spawn` (glibc's).
        public var method: String
        /// Resident memory of this process while the row ran, MiB.
        public var residentMiB: Int
        /// Children started and waited for, one after the other.
        public var spawns: Int
        /// Wall-clock milliseconds per child, start to exit, `executable` included.
        public var millisecondsPerSpawn: Double
    }

    /// Both ways as the process is, then both after the ballast.
    public struct Report: Codable, Sendable {
        /// Four rows: `ProcessRunner` and `posix_spawn` without, then with, the ballast.
        public var rows: [Row]
        /// ProcessRunner's time per spawn with the ballast over without it.
        public var processRunnerGrowth: Double
        /// The same ratio for posix_spawn, the reference for a spawn that copies nothing.
        public var posixSpawnGrowth: Double
    }

    /// The child did not exit successfully.
    public struct Failure: Error, CustomStringConvertible {
        /// The executable and how it ended.
        public var description: String
    }

    /// Children started per way and size (`--spawns`).
    public var spawns: Int
    /// MiB this process allocates and touches before the second
    /// measurement (`--ballast`); freed when `run()` returns.
    public var ballastMiB: Int
    /// The trivial program started each time (`/bin/true`).
    public var executable: String

    /// A benchmark of `spawns` children per row, growing by `ballastMiB` MiB.
    public init(spawns: Int = 200, ballastMiB: Int = 2048, executable: String = "/bin/true") {
        self.spawns = spawns
        self.ballastMiB = ballastMiB
        self.executable = executable
    }

    /// Measures both ways, touches the ballast, measures again; the growth
    /// ratios are NaN when a first time was 0. Throws when a child fails.
    public func run() throws -> Report {
        var rows: [Row] = []
        rows += try measure()
        let bytes = ballastMiB << 20
        let ballast = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 4096)
        defer { ballast.deallocate() }
        // Touch every page so that it is resident (and would have to be mapped in a copy).
        memset(ballast, 1, bytes)
        rows += try measure()
        func growth(_ method: String) -> Double {
            let times = rows.filter { $0.method == method }.map(\.millisecondsPerSpawn)
            return times.count == 2 && times[0] > 0 ? times[1] / times[0] : .nan
        }
        return Report(rows: rows, processRunnerGrowth: growth("ProcessRunner"), posixSpawnGrowth: growth("posix_spawn"))
    }

    /// Each way once, `spawns` times each.
    private func measure() throws -> [Row] {
        let resident = Self.residentMiB()
        var started = Date()
        for _ in 0..<spawns {
            let result = try ProcessRunner.run(ProcessRequest(executable, [], timeout: 30))
            guard result.termination.succeeded else {
                throw Failure(description: "\(executable) ended \(result.termination)")
            }
        }
        let runner = Date().timeIntervalSince(started) * 1000 / Double(spawns)
        started = Date()
        for _ in 0..<spawns { try Self.posixSpawn(executable) }
        let posix = Date().timeIntervalSince(started) * 1000 / Double(spawns)
        return [
            Row(method: "ProcessRunner", residentMiB: resident, spawns: spawns, millisecondsPerSpawn: runner),
            Row(method: "posix_spawn", residentMiB: resident, spawns: spawns, millisecondsPerSpawn: posix),
        ]
    }

    private static func posixSpawn(_ executable: String) throws {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(executable), nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawn(&pid, executable, nil, nil, argv, environ)
        guard status == 0 else { throw ProcessError.spawnFailed(executable: executable, errno: status) }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) < 0 && errno == EINTR {}
    }

    /// VmRSS of this process, MiB.
    static func residentMiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        let kilobytes = line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        return kilobytes / 1024
    }

    /// The report as `passlab bench spawn` prints it: one line per row, then
    /// the two growth ratios.
    public static func text(_ report: Report) -> String {
        var lines = ["method          resident MiB  spawns  ms per spawn"]
        for row in report.rows {
            lines.append(
                String(
                    format: "%-15@ %12d  %6d  %12.3f", row.method as NSString, row.residentMiB, row.spawns,
                    row.millisecondsPerSpawn))
        }
        lines.append(
            String(
                format: "grown / as is: ProcessRunner %.2fx, posix_spawn %.2fx",
                report.processRunnerGrowth, report.posixSpawnGrowth))
        return lines.joined(separator: "\n")
    }
}
