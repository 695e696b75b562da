#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport
import Toolchain
import Validation

/// Nothing a test program starts outlives it, and (under bubblewrap) it
/// cannot write outside its run directory.
@Suite(.serialized) struct SandboxIsolationTests {
    /// Forks; the child calls setsid and forks again (a daemon, outside the
    /// program's process group and session), renames itself `argv[2]`,
    /// closes its standard streams, sleeps `argv[3]` seconds and writes
    /// the file `argv[1]`. The program itself returns at once.
    static let daemon = """
        #include <fcntl.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/prctl.h>
        #include <sys/wait.h>
        #include <unistd.h>
        int main(int argc, char **argv) {
            if (argc < 4) return 2;
            pid_t first = fork();
            if (first < 0) return 3;
            if (first == 0) {
                setsid();
                if (fork() != 0) _exit(0);
                prctl(PR_SET_NAME, argv[2]);
                int null = open("/dev/null", O_RDWR);
                dup2(null, 0); dup2(null, 1); dup2(null, 2);
                sleep((unsigned)atoi(argv[3]));
                FILE *marker = fopen(argv[1], "w");
                if (marker) { fputs("escaped\\n", marker); fclose(marker); }
                _exit(0);
            }
            waitpid(first, NULL, 0);
            puts("started");
            return 0;
        }
        """

    /// Processes on this machine (any PID namespace) whose name is `name`.
    static func processes(named name: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.filter { pid in
            let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)
            return comm?.trimmingCharacters(in: .whitespacesAndNewlines) == name
        }
    }

    static func isolations() -> [SandboxIsolation] { [.processes, .bubblewrap] }

    @Test(arguments: isolations())
    func aDaemonizingProgramIsKilledWhenItEnds(isolation: SandboxIsolation) throws {
        if isolation == .bubblewrap && SandboxIsolation.available != .bubblewrap {
            print("skipped: bubblewrap does not work here (\(SandboxIsolation.summary))")
            return
        }
        let directory = Fixtures.temporaryDirectory("sandbox-daemon")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = try SandboxTests.build(Self.daemon, name: "daemon", in: directory)
        let marker = directory + "/escaped.txt"
        let name = "pld" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let delay = 3
        let run = try Sandbox(timeout: 20, isolation: isolation).run(
            program, arguments: [marker, name, String(delay)],
            scratchParent: directory)
        #expect(run.exitStatus == 0, "\(run)")
        #expect(String(decoding: run.standardOutput, as: UTF8.self) == "started\n")
        #expect(!run.timedOut)
        // The daemon, asleep for seconds yet, must be gone now that the program ended.
        usleep(200_000)
        #expect(Self.processes(named: name).isEmpty, "the daemon survived the run (\(isolation))")
        sleep(UInt32(delay + 2))
        #expect(
            !FileManager.default.fileExists(atPath: marker),
            "the daemon wrote \(marker) after the run (\(isolation))")
        #expect(Self.processes(named: name).isEmpty)
    }

    @Test func writesOutsideTheRunDirectoryAreRefusedUnderBubblewrap() throws {
        guard SandboxIsolation.available == .bubblewrap else {
            print("skipped: bubblewrap does not work here (\(SandboxIsolation.summary))")
            return
        }
        let directory = Fixtures.temporaryDirectory("sandbox-readonly")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outside = directory + "/outside.txt"
        let program = try SandboxTests.build(
            """
            #include <errno.h>
            #include <stdio.h>
            int main(int argc, char **argv) {
                FILE *inside = fopen("inside.txt", "w");
                if (!inside) return 3;
                fputs("ok", inside); fclose(inside);
                FILE *outside = fopen(argv[1], "w");
                if (outside) { fputs("escaped", outside); fclose(outside); return 4; }
                printf("refused %d\\n", errno);
                return 0;
            }
            """, name: "writer", in: directory)
        let run = try Sandbox(timeout: 20).run(program, arguments: [outside], scratchParent: directory)
        #expect(run.exitStatus == 0, "\(run)")
        #expect(String(decoding: run.standardOutput, as: UTF8.self) == "refused \(EROFS)\n")
        #expect(!FileManager.default.fileExists(atPath: outside))
    }

    @Test func aCrashUnderBubblewrapIsStillASignal() throws {
        guard SandboxIsolation.available == .bubblewrap else {
            print("skipped: bubblewrap does not work here (\(SandboxIsolation.summary))")
            return
        }
        let directory = Fixtures.temporaryDirectory("sandbox-signal")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = try SandboxTests.build(
            "#include <signal.h>\nint main(void) { raise(SIGSEGV); return 0; }\n",
            name: "segv", in: directory)
        let run = try Sandbox(timeout: 10).run(program, scratchParent: directory)
        #expect(run.signal == SIGSEGV, "\(run)")
    }

    @Test func processCountIsLimited() throws {
        let directory = Fixtures.temporaryDirectory("sandbox-nproc")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = try SandboxTests.build(
            """
            #include <stdio.h>
            #include <sys/resource.h>
            int main(void) { struct rlimit limit; getrlimit(RLIMIT_NPROC, &limit);
                printf("%llu\\n", (unsigned long long)limit.rlim_cur); return 0; }
            """, name: "nproc", in: directory)
        let sandbox = Sandbox(timeout: 10)
        let run = try sandbox.run(program, scratchParent: directory)
        // Set, though the kernel does not enforce it for root (see ResourceLimits.processes).
        #expect(String(decoding: run.standardOutput, as: UTF8.self) == "\(sandbox.limits.processes)\n", "\(run)")
    }

    /// Children of this process that have ended and were never reaped, by name.
    static func zombieChildren() -> [String] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, fields[0] == "Z", Int32(fields[1]) == me else { return nil }
            return String(stat[stat.index(after: open)..<close])
        }
    }

    /// A run without a PID namespace makes PassLab the subreaper only while
    /// it lasts: afterwards bubblewrap's helper, which outlives each run,
    /// goes to init as usual instead of piling up here as a zombie (the
    /// test process once held 1,678 of them).
    @Test func adoptionEndsWithTheRunThatNeededIt() throws {
        let directory = Fixtures.temporaryDirectory("sandbox-subreaper")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try Sandbox(timeout: 10, isolation: .processes).run("/bin/true", scratchParent: directory)
        #expect(run.exitStatus == 0, "\(run)")
        #expect(!OrphanReaper.isAdopting, "still the subreaper after the run")
        guard SandboxIsolation.available == .bubblewrap else { return }
        let before = Self.zombieChildren().filter { $0 == "bwrap" }.count
        for _ in 0..<5 {
            let wrapped = try Sandbox(timeout: 10, isolation: .bubblewrap).run("/bin/true", scratchParent: directory)
            #expect(wrapped.exitStatus == 0, "\(wrapped)")
        }
        usleep(200_000)
        #expect(Self.zombieChildren().filter { $0 == "bwrap" }.count <= before)
    }
}
