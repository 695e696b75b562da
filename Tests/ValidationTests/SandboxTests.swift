import Foundation
import Testing
import TestSupport
import Toolchain
import Validation

/// The limits really apply: checked with small C programs that misbehave.
@Suite(.serialized) struct SandboxTests {
    /// Compiles a C program with clang-19 into `directory` and returns the executable.
    static func build(_ source: String, name: String, in directory: String) throws -> String {
        let path = "\(directory)/\(name).c"
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(
            ProcessRequest(try Toolchain.find().clang, ["-O1", path, "-o", "\(directory)/\(name)"]))
        #expect(result.termination.succeeded, "\(result.stderrText)")
        return "\(directory)/\(name)"
    }

    @Test func hugeAllocationIsRefused() throws {
        let directory = Fixtures.temporaryDirectory("sandbox-memory")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = try Self.build(
            """
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            int main(void) {
                size_t size = (size_t)4 << 30;
                char *p = malloc(size);
                if (!p) { puts("refused"); return 3; }
                memset(p, 1, size);
                printf("%d\\n", p[size - 1]);
                return 0;
            }
            """, name: "allocate", in: directory)
        let run = try Sandbox(timeout: 20).run(program, scratchParent: directory)
        #expect(run.exitStatus == 3, "4 GiB must be refused under the 1 GiB address-space limit: \(run)")
        #expect(String(decoding: run.standardOutput, as: UTF8.self) == "refused\n")
    }

    @Test func limitsAreSetAndTheWorkingDirectoryIsPrivateAndRemoved() throws {
        let directory = Fixtures.temporaryDirectory("sandbox-limits")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = try Self.build(
            """
            #include <stdio.h>
            #include <unistd.h>
            #include <sys/resource.h>
            int main(void) {
                struct rlimit core, cpu, as, fsize;
                getrlimit(RLIMIT_CORE, &core); getrlimit(RLIMIT_CPU, &cpu);
                getrlimit(RLIMIT_AS, &as); getrlimit(RLIMIT_FSIZE, &fsize);
                char cwd[4096]; getcwd(cwd, sizeof cwd);
                FILE *f = fopen("scratch.txt", "w"); fputs("x", f); fclose(f);
                printf("%llu %llu %llu %llu %s\\n", (unsigned long long)core.rlim_cur, (unsigned long long)cpu.rlim_cur,
                       (unsigned long long)as.rlim_cur, (unsigned long long)fsize.rlim_cur, cwd);
                return 0;
            }
            """, name: "limits", in: directory)
        let sandbox = Sandbox(timeout: 5)
        let run = try sandbox.run(program, scratchParent: directory)
        #expect(run.exitStatus == 0)
        let fields = String(decoding: run.standardOutput, as: UTF8.self).split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(fields.count == 5)
        #expect(fields.first == "0", "no core files")
        #expect(fields.dropFirst().first == String(sandbox.limits.cpuSeconds))
        #expect(fields.dropFirst(2).first == String(1 << 30))
        #expect(fields.dropFirst(3).first == String(16 << 20))
        let cwd = fields.last ?? ""
        #expect(cwd.hasPrefix(directory + "/run-"), "a private directory under the scratch parent: \(cwd)")
        #expect(!FileManager.default.fileExists(atPath: cwd), "removed afterwards, with what the program wrote")
    }

    @Test func abortLeavesNoCoreFile() throws {
        let directory = Fixtures.temporaryDirectory("sandbox-core")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = try Self.build(
            "#include <stdlib.h>\n#include <unistd.h>\nint main(void) { chdir(getenv(\"TMPDIR\")); abort(); }\n",
            name: "abort", in: directory)
        let run = try Sandbox(timeout: 5).run(program, scratchParent: directory)
        #expect(run.signal == SIGABRT)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
            $0.hasPrefix("core") || $0.hasPrefix("run-")
        }
        #expect(left.isEmpty, "no core file, no leftover run directory: \(left)")
    }

    /// Validation's per-program limit: CPU time decides (load does not make a
    /// fast program time out); the wall clock is only a generous backstop.
    @Test func aLimitedSandboxStopsABusyLoopByItsCPULimit() throws {
        let limited = Sandbox(timeout: 10).limited(to: 1)
        #expect(limited.limits.cpuSeconds == 2 && limited.timeout == 13)
        #expect(Sandbox(timeout: 10).limited(to: 60).limits.cpuSeconds == 11, "never above the sandbox's own limit")
        let directory = Fixtures.temporaryDirectory("sandbox-limited")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = try Self.build(
            "int main(void) { volatile unsigned long n = 0; for (;;) n++; }\n", name: "loop", in: directory)
        let run = try limited.run(program, scratchParent: directory)
        #expect(!run.timedOut && run.exceededTime, "\(run)")
        #expect(run.signal == SIGXCPU || run.signal == SIGKILL, "\(run)")
        let quick = try Self.build("int main(void) { return 0; }\n", name: "quick", in: directory)
        let reference = try limited.run(quick, scratchParent: directory)
        #expect(reference.succeeded)
        #expect(OutcomeClassifier.classify(test: run, reference: reference).0 == .timedOut)
    }

    @Test func aCancelledRunIsKilledAndHasNoRecord() throws {
        let directory = Fixtures.temporaryDirectory("sandbox-cancel")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = try Self.build(
            "int main(void) { volatile unsigned long n = 0; for (;;) n++; }\n", name: "loop", in: directory)
        // Cancelled after half a second: no record (neither a time-out nor a
        // crash), long before the 60 s CPU limit would have ended it.
        let started = Date()
        let cancelled = try Sandbox(timeout: 60).run(program, scratchParent: directory) {
            Date().timeIntervalSince(started) > 0.5
        }
        #expect(cancelled == nil)
        #expect(Date().timeIntervalSince(started) < 30)
        // A run never cancelled ends as the program does.
        let quick = try Self.build("int main(void) { return 7; }\n", name: "quick", in: directory)
        let record = try Sandbox(timeout: 60).run(quick, scratchParent: directory) { false }
        #expect(record?.exitStatus == 7)
    }

    @Test func busyLoopIsKilledByTheWallClockAndByTheCPULimit() throws {
        let directory = Fixtures.temporaryDirectory("sandbox-loop")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = try Self.build(
            "int main(void) { volatile unsigned long n = 0; for (;;) n++; }\n", name: "loop", in: directory)
        let wall = try Sandbox(timeout: 1).run(program, scratchParent: directory)
        #expect(wall.timedOut && wall.exceededTime)
        #expect(wall.seconds < 5)
        // A generous wall clock, a 1 s CPU limit: the kernel stops it.
        let cpu = try Sandbox(timeout: 30, limits: ResourceLimits(cpuSeconds: 1)).run(program, scratchParent: directory)
        #expect(!cpu.timedOut)
        #expect(cpu.signal == SIGXCPU || cpu.signal == SIGKILL, "\(cpu)")
        #expect(cpu.exceededTime)
        #expect(cpu.seconds < 25, "well before the 30 s wall clock")
    }

    @Test func outputIsCappedAndHugeFilesAreStopped() throws {
        let directory = Fixtures.temporaryDirectory("sandbox-output")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let chatty = try Self.build(
            "#include <stdio.h>\nint main(void) { for (int i = 0; i < 400000; i++) puts(\"0123456789abcdefghijklmnopqrstu\"); return 0; }\n",
            name: "chatty", in: directory)
        let run = try Sandbox(timeout: 10, outputLimit: 1 << 20).run(chatty, scratchParent: directory)
        #expect(run.outputTruncated)
        #expect(run.standardOutput.count == 1 << 20)
        let writer = try Self.build(
            """
            #include <stdio.h>
            int main(void) { FILE *f = fopen("big", "w"); static char block[1 << 20];
              for (int i = 0; i < 64; i++) if (fwrite(block, 1, sizeof block, f) != sizeof block) return 4;
              return fclose(f) == 0 ? 0 : 5; }
            """, name: "writer", in: directory)
        let big = try Sandbox(timeout: 10).run(writer, scratchParent: directory)
        #expect(big.signal == SIGXFSZ, "a 64 MiB file passes the 16 MiB file-size limit: \(big)")
    }
}
