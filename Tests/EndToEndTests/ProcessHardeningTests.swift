#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport
import Toolchain

/// What PassLab leaves behind when its processes crash, are interrupted or
/// are killed: no core files, no temporary directories, no runaway search.
/// Each test gives passlab a private TMPDIR so that the check is exact.
@Suite(.serialized) struct ProcessHardeningTests {
    /// A private TMPDIR and cache for one passlab run; removed by the caller.
    struct Sandboxed {
        let root: String
        var temporary: String { root + "/tmp" }
        var environment: [String: String] {
            var environment = ProcessInfo.processInfo.environment
            environment["TMPDIR"] = temporary
            environment["PASSLAB_CACHE_DIR"] = root + "/cache"
            environment["XDG_CACHE_HOME"] = root + "/cache"
            return environment
        }

        init(_ label: String) throws {
            root = Fixtures.temporaryDirectory(label)
            try FileManager.default.createDirectory(atPath: root + "/tmp", withIntermediateDirectories: true)
        }

        /// PassLab's temporary directories left in the private TMPDIR.
        func leftovers() -> [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
            return names.filter { $0.hasPrefix("passlab-") }
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }

        func start(_ arguments: [String], in directory: String? = nil) throws -> SpawnedProcess {
            try SpawnedProcess.spawn(
                Fixtures.passlabExecutable, arguments, workingDirectory: directory,
                environment: environment, standardError: .file(root + "/stderr.txt"))
        }

        var stderrText: String { (try? String(contentsOfFile: root + "/stderr.txt", encoding: .utf8)) ?? "" }
    }

    /// Waits at most `seconds` for `child` to end; nil (and the child
    /// killed) when it did not.
    static func termination(of child: SpawnedProcess, within seconds: Double) -> (Termination, Double)? {
        let started = Date()
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Termination?
        Thread.detachNewThread {
            result = child.wait()
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else {
            child.kill()
            done.wait()
            return nil
        }
        return (result!, Date().timeIntervalSince(started))
    }

    /// Waits (at most `seconds`) until `condition` holds.
    static func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }

    static let crashingProgram = Fixtures.programs + "/06_bytecode_vm.c"
    static let crashingPipeline = "function(codegenprepare)"

    // MARK: - Item 4: no core files

    @Test func aContainedLLVMCrashLeavesNoCoreFileUnderUlimitUnlimited() throws {
        let pattern = (try? String(contentsOfFile: "/proc/sys/kernel/core_pattern", encoding: .utf8)) ?? ""
        guard !pattern.hasPrefix("|") else {
            // Cores go to a handler here, not to files: everyChildGetsCoreLimitZero checks the limit itself.
            print("skipped: core_pattern pipes cores to \(pattern); see everyChildGetsCoreLimitZero")
            return
        }
        let run = try Sandboxed("core")
        defer { run.remove() }
        let work = run.root + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // Foundation's Process, not PassLab's runner: the shell must inherit this process's limits to raise them.
        let script = "ulimit -c unlimited && cd \"$1\" && exec \"$2\" size \"$3\" -p \"$4\""
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [
            "-c", script, "sh", work, Fixtures.passlabExecutable, Self.crashingProgram,
            Self.crashingPipeline,
        ]
        shell.environment = run.environment
        let errors = Pipe()
        shell.standardError = errors
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        let stderrText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 70, "the list must crash LLVM in a worker: \(stderrText)")
        #expect(stderrText.contains("crashed LLVM"))
        let files = try FileManager.default.contentsOfDirectory(atPath: work)
        #expect(files.isEmpty, "a contained crash wrote \(files) into the working directory")
        #expect(run.leftovers().isEmpty)
    }

    @Test func everyChildGetsCoreLimitZero() throws {
        // As under `ulimit -c unlimited`: raise this process's soft limit, spawn, put it back.
        var saved = rlimit()
        getrlimit(Int32(RLIMIT_CORE.rawValue), &saved)
        var raised = saved
        raised.rlim_cur = saved.rlim_max
        try #require(setrlimit(Int32(RLIMIT_CORE.rawValue), &raised) == 0)
        defer { _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &saved) }
        let plain = try ProcessRunner.run(ProcessRequest("/bin/sh", ["-c", "ulimit -c"], timeout: 30))
        #expect(plain.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let worker = try SpawnedProcess.spawn("/bin/sh", ["-c", "ulimit -c"], standardError: .inherit)
        worker.closeInput()
        var output = [UInt8](repeating: 0, count: 64)
        let count = read(worker.outputFD, &output, output.count)
        worker.wait()
        let text = String(decoding: output.prefix(max(0, count)), as: UTF8.self)
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    // MARK: - Item 5: Ctrl-C stops whatever the budget

    @Test func ctrlCStopsTuneWithAHugeBudgetAtOnce() throws {
        let run = try Sandboxed("ctrl-c")
        defer { run.remove() }
        let child = try run.start([
            "tune", Fixtures.programs + "/09_bits.c", "--no-validate", "--budget", "20000000",
            "-o", run.root + "/out.ll", "--jobs", "2",
        ])
        child.closeInput()
        // Let it reach the search (the -Oz reference and the predictor's picks come first).
        sleep(6)
        #expect(Glibc.kill(child.pid, 0) == 0, "tune ended before the Ctrl-C: \(run.stderrText)")
        _ = Glibc.kill(child.pid, SIGINT)
        let ended = Self.termination(of: child, within: 5)
        #expect(ended != nil, "tune was still running 5 s after Ctrl-C")
        #expect(ended?.0 == .exited(130), "\(run.stderrText)")
        #expect(run.stderrText.contains("interrupted"))
        #expect(!FileManager.default.fileExists(atPath: run.root + "/out.ll"), "an interrupted tune writes nothing")
        #expect(run.leftovers().isEmpty, "left \(run.leftovers())")
    }

    // MARK: - Item 6: temporary directories on every way out

    @Test func aSecondCtrlCLeavesNoTemporaryDirectory() throws {
        let run = try Sandboxed("double-ctrl-c")
        defer { run.remove() }
        let child = try run.start([
            "tune", Fixtures.programs + "/09_bits.c", "--no-validate", "--budget", "20000000",
            "-o", run.root + "/out.ll", "--jobs", "2",
        ])
        child.closeInput()
        #expect(Self.eventually(60) { !run.leftovers().isEmpty }, "the engine's directory never appeared")
        sleep(2)
        _ = Glibc.kill(child.pid, SIGINT)
        usleep(50_000)
        _ = Glibc.kill(child.pid, SIGINT)
        let ended = Self.termination(of: child, within: 30)
        #expect(ended?.0 == .exited(130), "\(run.stderrText)")
        #expect(run.leftovers().isEmpty, "left \(run.leftovers())")
    }

    @Test func sigtermOfValidateLeavesNoTemporaryDirectory() throws {
        let run = try Sandboxed("validate-sigterm")
        defer { run.remove() }
        let suite = try Fixtures.humanEvalSubset(
            ["CPP/0", "CPP/2", "CPP/12", "CPP/21", "CPP/30", "CPP/31"],
            in: run.root)
        let child = try run.start(["validate", "-p", "module(default<Oz>)", "--humaneval", suite, "--jobs", "2"])
        child.closeInput()
        // The validator's own directory exists once it builds programs.
        let started = Self.eventually(120) {
            run.leftovers().contains { $0.contains("-validate-") || $0.contains("-reference-") }
        }
        #expect(started, "validate never made its directory: \(run.stderrText)")
        _ = Glibc.kill(child.pid, SIGTERM)
        let ended = Self.termination(of: child, within: 30)
        #expect(ended?.0 == .signaled(SIGTERM), "\(run.stderrText)")
        #expect(run.leftovers().isEmpty, "left \(run.leftovers())")
    }

    @Test func aCrashOfPasslabCCFallsBackAndLeavesNoTemporaryDirectory() throws {
        let run = try Sandboxed("cc-dot")
        defer { run.remove() }
        let work = run.root + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try "int triple(int x) { return 3 * x; }\n".write(toFile: work + "/h.c", atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable,
                ["cc", "-Oz", "-c", "h.c", "-o", "."], workingDirectory: work,
                environment: run.environment, timeout: 120))
        // clang-19's own answer to `-o .` reaches the build.
        #expect(result.termination == .exited(1))
        #expect(result.stderrText.contains("unable to open output file"), "\(result.stderrText)")
        #expect(run.leftovers().isEmpty, "left \(run.leftovers())")
    }

    @Test func staleDirectoriesOfDeadProcessesAreSweptAndLiveOnesKept() throws {
        let run = try Sandboxed("sweep")
        defer { run.remove() }
        let finished = try ProcessRunner.run(ProcessRequest("/bin/true", [], timeout: 30))
        #expect(finished.termination.succeeded)
        // A pid that just ended (a fresh child's, reaped): dead.
        let gone = try SpawnedProcess.spawn("/bin/true", [], standardError: .inherit)
        let deadPID = gone.pid
        gone.wait()
        let dead = run.temporary + "/passlab-\(deadPID)-engine-1234"
        let live = run.temporary + "/passlab-\(getpid())-engine-5678"
        let foreign = run.temporary + "/passlab-notapid-engine"
        for directory in [dead, live, foreign] {
            try FileManager.default.createDirectory(atPath: directory + "/inner", withIntermediateDirectories: true)
            try "x".write(toFile: directory + "/inner/file", atomically: true, encoding: .utf8)
        }
        let result = try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable, ["passes"],
                environment: run.environment, timeout: 120))
        #expect(result.termination.succeeded, "\(result.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: dead), "the dead process's directory stayed")
        #expect(FileManager.default.fileExists(atPath: live + "/inner/file"), "a live process's directory was removed")
        #expect(
            FileManager.default.fileExists(atPath: foreign + "/inner/file"),
            "a directory without an owner pid was removed")
    }
}
