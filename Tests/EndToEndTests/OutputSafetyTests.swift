import Foundation
import Testing
import TestSupport
import Toolchain

/// Where outputs go (issue 18, items 1-3 and 12): a device, a FIFO or a
/// symbolic link given as -o is written through as clang does, never
/// replaced; an existing file keeps its permissions; a standard output that
/// fails (a full disk, a closed pipe) is an error, never a crash or a silent
/// loss; an output that cannot be created is one message and one code.
@Suite(.serialized) struct OutputSafetyTests {
    static let program = Fixtures.programs + "/02_crc32_adler.c"

    static func passlab(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable, arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, timeout: 300))
    }

    /// Runs `command` under /bin/sh (for redirections ProcessRunner cannot make).
    static func shell(_ command: String) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest("/bin/sh", ["-c", command], timeout: 300))
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// glibc's makedev (a macro Swift cannot see), for small numbers.
    static func device(_ major: dev_t, _ minor: dev_t) -> dev_t { (major << 8) | minor }

    static func fileType(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
    }

    static func engineDirectories() -> Set<String> {
        Set(
            ((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter {
                $0.hasPrefix("passlab-engine-")
            })
    }

    @Test(
        .enabled(if: getuid() == 0, "mknod needs root: run as root to check that a device node given as -o stays one"))
    func aDeviceNodeStaysADevice() throws {
        let directory = Fixtures.temporaryDirectory("out-device")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let node = directory + "/null.ll"
        try #require(mknod(node, S_IFCHR | 0o666, Self.device(1, 3)) == 0, "mknod: \(String(cString: strerror(errno)))")
        let opt = try Self.passlab(["opt", Self.program, "-p", "function(sroa,simplifycfg)", "-o", node])
        #expect(opt.termination == .exited(0), "\(opt.stderrText)")
        #expect(Self.fileType(node) == S_IFCHR, "opt -o kept the character device")
        let ir = try Self.passlab(["ir", Self.program, "-o", node])
        #expect(ir.termination == .exited(0), "\(ir.stderrText)")
        #expect(Self.fileType(node) == S_IFCHR, "ir -o kept the character device")
        let objectNode = directory + "/null.o"
        try #require(mknod(objectNode, S_IFCHR | 0o666, Self.device(1, 3)) == 0)
        let cc = try Self.passlab(
            ["cc", "-Oz", "-c", Self.program, "-o", objectNode],
            environment: ["PASSLAB_CACHE_DIR": directory + "/cache"])
        #expect(cc.termination == .exited(0), "\(cc.stderrText)")
        #expect(Self.fileType(objectNode) == S_IFCHR, "a tuned passlab cc -c -o kept the character device")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["cache", "null.ll", "null.o"],
            "no temporary file left beside the device")
    }

    @Test func aFIFOsReaderGetsTheOutput() throws {
        let directory = Fixtures.temporaryDirectory("out-fifo")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/out.ll"
        try #require(mkfifo(fifo, 0o644) == 0)
        nonisolated(unsafe) var received = Data()
        let reader = Thread {
            if let handle = FileHandle(forReadingAtPath: fifo) { received = handle.readDataToEndOfFile() }
        }
        reader.start()
        let result = try Self.passlab(["opt", Self.program, "-p", "function(sroa,simplifycfg)", "-o", fifo])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        // Had passlab never opened the FIFO, the reader would wait for a writer forever: be one.
        for _ in 0..<200 where !reader.isFinished { Thread.sleep(forTimeInterval: 0.05) }
        if !reader.isFinished {
            let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
            if descriptor >= 0 { close(descriptor) }
        }
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.05) }
        let text = String(decoding: received, as: UTF8.self)
        #expect(
            text.contains("define") && text.contains("crc32"), "the FIFO's reader got the IR (\(received.count) bytes)")
        #expect(Self.fileType(fifo) == S_IFIFO)
    }

    @Test func aSymbolicLinkStaysALinkAndItsTargetGetsTheOutput() throws {
        let directory = Fixtures.temporaryDirectory("out-link")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/real", withIntermediateDirectories: true)
        try "old".write(toFile: directory + "/real/target.ll", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/link.ll", withDestinationPath: "real/target.ll")
        let result = try Self.passlab(["ir", Self.program, "-o", directory + "/link.ll"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        #expect(Self.fileType(directory + "/link.ll") == S_IFLNK, "still a symbolic link")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/link.ll") == "real/target.ll")
        #expect(try String(contentsOfFile: directory + "/real/target.ll", encoding: .utf8).contains("define"))
        // A dangling link creates its target.
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/dangling.ll", withDestinationPath: "real/new.ll")
        let dangling = try Self.passlab(["ir", Self.program, "-o", directory + "/dangling.ll"])
        #expect(dangling.termination == .exited(0), "\(dangling.stderrText)")
        #expect(Self.fileType(directory + "/dangling.ll") == S_IFLNK)
        #expect(Self.fileType(directory + "/real/new.ll") == S_IFREG)
    }

    @Test func anExistingFileKeepsItsPermissions() throws {
        let directory = Fixtures.temporaryDirectory("out-mode")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/private.ll"
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        try #require(chmod(path, 0o600) == 0)
        let result = try Self.passlab(["opt", Self.program, "-p", "function(sroa,simplifycfg)", "-o", path])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        var status = stat()
        #expect(stat(path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600, "0600 stays 0600, got \(String(status.st_mode & 0o777, radix: 8))")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("define"))
    }

    @Test func aFullStandardOutputIsAnIOErrorForEveryCommand() throws {
        let directory = Fixtures.temporaryDirectory("out-full")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let before = Self.engineDirectories()
        let passlab = Self.quoted(Fixtures.passlabExecutable), program = Self.quoted(Self.program)
        let commands = [
            "opt \(program) -p 'function(sroa,simplifycfg)'", "ir \(program)", "size \(program)",
            "size --json \(program)",
            "compare \(program)", "passes", "passes --json",
        ]
        for command in commands {
            let result = try Self.shell("cd \(Self.quoted(directory)) && \(passlab) \(command) > /dev/full")
            #expect(result.termination == .exited(74), "\(command): \(result.termination) \(result.stderrText)")
            #expect(
                result.stderrText.contains("cannot write to standard output: no space left on device"),
                "\(command): \(result.stderrText)")
            #expect(
                !result.stderrText.contains("Fatal error") && !result.stderrText.contains("Stack dump"),
                "\(command): \(result.stderrText)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "no core file")
        #expect(Self.engineDirectories().subtracting(before).isEmpty, "no engine directory left behind")
    }

    @Test func aClosedPipeEndsQuietly() throws {
        let directory = Fixtures.temporaryDirectory("out-pipe")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Far more IR than a pipe holds, so the writer meets the closed end.
        let ir = directory + "/big.ll"
        try Self.generatedModule(functions: 3_000).write(toFile: ir, atomically: true, encoding: .utf8)
        let before = Self.engineDirectories()
        let opt = try Self.shell(
            "cd \(Self.quoted(directory)) && { \(Self.quoted(Fixtures.passlabExecutable)) opt big.ll "
                + "-p 'function(sroa,simplifycfg)' 2>stderr.txt; echo $? > status.txt; } | head -c 10 > /dev/null; cat status.txt"
        )
        #expect(
            opt.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "141",
            "exit as a process ended by SIGPIPE")
        let quiet = try String(contentsOfFile: directory + "/stderr.txt", encoding: .utf8)
        #expect(!quiet.contains("error") && !quiet.contains("Fatal"), "no message, no backtrace: \(quiet)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [
                "big.ll", "status.txt", "stderr.txt",
            ], "no core")
        #expect(Self.engineDirectories().subtracting(before).isEmpty, "no engine directory left behind")
    }

    @Test func anOutputThatCannotBeCreatedIsOneMessageAndOneCode() throws {
        let directory = Fixtures.temporaryDirectory("out-denied")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A missing directory works for root too (a read-only one does not stop root).
        let missing = directory + "/missing/out"
        let cases: [[String]] = [
            ["opt", Self.program, "-p", "function(sroa,simplifycfg)", "-o", missing + ".ll"],
            ["ir", Self.program, "-o", missing + ".ll"],
            [
                "tune", Self.program, "--budget", "1", "--no-validate", "--db", directory + "/tune.sqlite", "-o",
                missing + ".ll",
            ],
        ]
        for arguments in cases {
            let result = try Self.passlab(arguments)
            #expect(result.termination == .exited(73), "\(arguments[0]): \(result.termination) \(result.stderrText)")
            #expect(
                result.stderrText.contains("cannot write \(missing).ll: no such file or directory"),
                "\(arguments[0]): \(result.stderrText)")
        }
        if getuid() != 0 {
            try FileManager.default.createDirectory(atPath: directory + "/locked", withIntermediateDirectories: true)
            chmod(directory + "/locked", 0o500)
            let result = try Self.passlab(["ir", Self.program, "-o", directory + "/locked/out.ll"])
            #expect(result.termination == .exited(73))
            #expect(result.stderrText.contains("permission denied"), "\(result.stderrText)")
        }
        let isDirectory = try Self.passlab(["ir", Self.program, "-o", directory])
        #expect(isDirectory.termination == .exited(73), "\(isDirectory.stderrText)")
        #expect(isDirectory.stderrText.contains("is a directory"), "\(isDirectory.stderrText)")
    }

    /// A module of `functions` small functions (each a loop and a call).
    static func generatedModule(functions: Int) -> String {
        var text = "target triple = \"x86_64-unknown-linux-gnu\"\n\n"
        for index in 0..<functions {
            let callee = index == 0 ? "" : "  %c = call i32 @f\(index - 1)(i32 %n)\n"
            text += """
                define i32 @f\(index)(i32 %n) {
                entry:
                \(callee)  br label %loop
                loop:
                  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
                  %acc = phi i32 [ \(index), %entry ], [ %sum, %loop ]
                  %sum = add i32 %acc, %i
                  %next = add i32 %i, 1
                  %done = icmp sge i32 %next, %n
                  br i1 %done, label %exit, label %loop
                exit:
                  ret i32 %sum
                }


                """
        }
        return text
    }

    /// A result JSON cannot encode (a NaN) is an internal error (exit 70)
    /// with nothing written, never a placeholder `{}` and exit 0.
    @Test func aResultThatCannotBeEncodedIsAnInternalErrorNotAnEmptyObject() {
        struct Figure: Encodable { var reduction: Double }
        do {
            try StandardOutput.printJSON(Figure(reduction: .nan))
            Issue.record("a NaN was encoded")
        } catch {
            guard case .unencodable = error else { Issue.record("\(error)"); return }
            #expect(error.exitCode == 70)
            #expect(error.description.contains("nothing was written"))
        }
    }
}
