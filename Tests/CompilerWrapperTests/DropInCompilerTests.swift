@testable import CompilerWrapper
import CodeSize
import Foundation
import Store
import Support
import Testing
import TestSupport
import Toolchain

/// `passlab cc` run as a build runs it: the built binary, real clang-19,
/// a private cache directory per test.
struct DropIn {
    let directory = Fixtures.temporaryDirectory("cc")
    var cacheDirectory: String { directory + "/cache" }
    var environment: [String: String] = [:]

    init(budget: Int? = nil, extra: [String: String] = [:]) {
        var environment = ProcessInfo.processInfo.environment
        environment["PASSLAB_CACHE_DIR"] = cacheDirectory
        environment["PASSLAB_VERBOSE"] = nil
        environment["PASSLAB_BUILD_ID"] = nil
        if let budget { environment["PASSLAB_BUDGET"] = String(budget) }
        environment.merge(extra) { $1 }
        self.environment = environment
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// `passlab ARGUMENTS` in the test's directory (or a subdirectory of it).
    func passlab(
        _ arguments: [String], extra: [String: String] = [:], in subdirectory: String? = nil
    ) throws -> ProcessResult {
        let workingDirectory = subdirectory.map { directory + "/" + $0 } ?? directory
        return try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable, arguments, workingDirectory: workingDirectory,
                environment: environment.merging(extra) { $1 }, timeout: 600))
    }

    func clang(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            ProcessRequest(try Toolchain.findCompiler(cxx: false), arguments, workingDirectory: directory, timeout: 300)
        )
    }

    func bytes(_ name: String) -> [UInt8]? {
        FileManager.default.contents(atPath: directory + "/" + name).map(Array.init)
    }

    func size(_ name: String) throws -> Int {
        try ELFObject.sizes(of: try #require(bytes(name))).binarySize
    }

    func report(builds: Int = 1) throws -> BuildReport {
        try BuildReport.make(cache: try BuildCache(path: cacheDirectory + "/cc.sqlite"), builds: builds)
    }

    var log: String { (try? String(contentsOfFile: cacheDirectory + "/cc.log", encoding: .utf8)) ?? "" }
}

@Suite(.serialized) struct DropInCompilerTests {
    /// With no lists (PASSLAB_BUDGET=0) passlab cc's object is its -Oz
    /// backup alone: it must be clang-19's, byte for byte, with clang's
    /// dependency file, whatever the flags and target.
    @Test func backupIsClangsObjectByteForByte() throws {
        let dropIn = DropIn(budget: 0)
        defer { dropIn.remove() }
        let programs = ["03_hash_table.c", "06_bytecode_vm.c", "13_lookup_tables.c", "21_varargs.c", "28_sha256.c"].map
        { Fixtures.programs + "/" + $0 }
        let freestanding = ["crc16.c", "debounce.c", "sine_lut.c", "uart_ring.c"].map {
            Fixtures.freestanding + "/" + $0
        }
        var cases: [(source: String, flags: [String])] = []
        for source in programs {
            for flags in [
                ["-Oz"], ["-Oz", "-g", "-fPIC"],
                ["-Oz", "-ffunction-sections", "-fdata-sections", "-fno-pic", "-DNDEBUG"],
                ["-Os", "-fno-asynchronous-unwind-tables"], ["-Oz", "-fno-builtin", "-std=c11"],
            ] {
                cases.append((source, flags))
            }
        }
        for source in freestanding {
            cases.append(
                (source, ["-Oz", "--target=thumbv7em-none-eabi", "-mcpu=cortex-m4", "-mthumb", "-ffreestanding"]))
            cases.append((source, ["-Oz", "--target=riscv32-unknown-elf", "-march=rv32imc", "-ffunction-sections"]))
        }
        for (index, item) in cases.enumerated() {
            let flags = item.flags + ["-MD", "-c", item.source]
            let ours = try dropIn.passlab(["cc"] + flags + ["-o", "ours\(index).o"])
            #expect(ours.termination.succeeded, "\(flags): \(ours.stderrText)")
            let theirs = try dropIn.clang(flags + ["-o", "clang\(index).o"])
            #expect(theirs.termination.succeeded)
            let object = try #require(dropIn.bytes("ours\(index).o"))
            #expect(object == dropIn.bytes("clang\(index).o"), "object differs: \(flags)")
            // The dependency files name their own objects; otherwise the same rule. Clang wraps a rule's
            // lines by width, and "ours12.o" is one character shorter than "clang12.o": with a long enough
            // source path the lines break elsewhere, so they are compared unwrapped.
            func rule(_ file: String) -> String {
                String(decoding: dropIn.bytes(file) ?? [], as: UTF8.self).replacingOccurrences(of: "\\\n", with: " ")
                    .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            }
            let ourDependencies = rule("ours\(index).d"), clangDependencies = rule("clang\(index).d")
            #expect(
                !ourDependencies.isEmpty
                    && ourDependencies.replacingOccurrences(of: "ours\(index).o", with: "clang\(index).o")
                        == clangDependencies,
                "dependency file differs: \(flags)\n\(ourDependencies)\n\(clangDependencies)")
        }
        let report = try dropIn.report()
        #expect(report.totals.first?.fallbacks == 0 && report.totals.first?.tuned == cases.count)
        #expect(report.objects.allSatisfy { $0.binarySize == $0.clangBinarySize })
    }

    /// With lists, objects are never larger than clang's, and programs built
    /// from them behave as clang's builds do.
    @Test func tunedObjectsAreSmallerOrEqualAndBehaveTheSame() throws {
        let dropIn = DropIn(budget: 3)
        defer { dropIn.remove() }
        var improved = 0
        for name in ["04_linked_list.c", "06_bytecode_vm.c", "16_base64.c", "22_lzss.c", "30_mini_forth.c"] {
            let source = Fixtures.programs + "/" + name
            let stem = (name as NSString).deletingPathExtension
            let ours = try dropIn.passlab(["cc", "-Oz", "-c", source, "-o", stem + ".passlab.o"])
            #expect(ours.termination.succeeded, "\(ours.stderrText)")
            #expect(try dropIn.clang(["-Oz", "-c", source, "-o", stem + ".clang.o"]).termination.succeeded)
            let (passlabSize, clangSize) = (try dropIn.size(stem + ".passlab.o"), try dropIn.size(stem + ".clang.o"))
            #expect(passlabSize <= clangSize, "\(name): \(passlabSize) > \(clangSize)")
            if passlabSize < clangSize { improved += 1 }
            // Link through passlab cc (a passthrough) and run both programs.
            for variant in ["passlab", "clang"] {
                let link = try dropIn.passlab(["cc", stem + ".\(variant).o", "-o", stem + ".\(variant)", "-lm"])
                #expect(link.termination.succeeded, "\(link.stderrText)")
            }
            let run = { (variant: String) in
                try ProcessRunner.run(
                    ProcessRequest(
                        dropIn.directory + "/" + stem + "." + variant, [], workingDirectory: dropIn.directory,
                        timeout: 60))
            }
            let (a, b) = (try run("passlab"), try run("clang"))
            #expect(
                a.termination == b.termination && a.standardOutput == b.standardOutput, "\(name) behaves differently")
        }
        #expect(improved >= 1, "no program got smaller than -Oz at budget 3")
        let report = try dropIn.report()
        let total = try #require(report.totals.first)
        #expect(total.tuned == 5 && total.fallbacks == 0 && total.binarySize <= total.clangBinarySize)
        // Per-function compositions of -Oz and the lists are candidates: those that won ran
        // and behaved as clang's builds above, and beat every single list.
        let composed = report.objects.filter { $0.pipeline?.hasPrefix("per-function: ") == true }
        #expect(
            !composed.isEmpty,
            "no per-function composition won at budget 3: \(report.objects.map { $0.pipeline ?? "" })")
        #expect(composed.allSatisfy { ($0.binarySize ?? .max) < ($0.clangBinarySize ?? 0) })
    }

    /// PASSLAB_PER_FUNCTION=0: single lists only; a bad value falls back to clang and says why.
    @Test func perFunctionCanBeTurnedOff() throws {
        let dropIn = DropIn(budget: 3, extra: ["PASSLAB_PER_FUNCTION": "0", "PASSLAB_BUILD_ID": "single"])
        defer { dropIn.remove() }
        for name in ["16_base64.c", "22_lzss.c"] {
            let source = Fixtures.programs + "/" + name
            let result = try dropIn.passlab([
                "cc", "-Oz", "-c", source, "-o", (name as NSString).deletingPathExtension + ".o",
            ])
            #expect(result.termination.succeeded, "\(result.stderrText)")
        }
        let report = try dropIn.report()
        #expect(report.objects.count == 2)
        #expect(report.objects.allSatisfy { $0.pipeline?.hasPrefix("per-function: ") != true })
        let bad = try dropIn.passlab(
            ["cc", "-Oz", "-c", Fixtures.programs + "/16_base64.c", "-o", "bad.o"],
            extra: ["PASSLAB_PER_FUNCTION": "maybe"])
        #expect(bad.termination.succeeded)
        #expect(dropIn.log.contains("PASSLAB_PER_FUNCTION='maybe'"))
    }

    @Test func aSecondCompileHitsTheCache() throws {
        let dropIn = DropIn(budget: 2)
        defer { dropIn.remove() }
        let source = Fixtures.programs + "/28_sha256.c"
        let first = try dropIn.passlab(["cc", "-Oz", "-c", source, "-o", "a.o"], extra: ["PASSLAB_BUILD_ID": "one"])
        #expect(first.termination.succeeded)
        let second = try dropIn.passlab(["cc", "-Oz", "-c", source, "-o", "b.o"], extra: ["PASSLAB_BUILD_ID": "two"])
        #expect(second.termination.succeeded)
        #expect(dropIn.bytes("a.o") != nil && dropIn.bytes("a.o") == dropIn.bytes("b.o"))
        // Another budget is another object: no hit.
        let third = try dropIn.passlab(
            ["cc", "-Oz", "-c", source, "-o", "c.o"], extra: ["PASSLAB_BUILD_ID": "three", "PASSLAB_BUDGET": "1"])
        #expect(third.termination.succeeded)
        let report = try dropIn.report(builds: 3)
        #expect(report.objects.map(\.outcome) == ["tuned", "cacheHit", "tuned"])
        #expect(report.totals.map(\.build) == ["one", "two", "three", "all"])
        #expect(
            report.objects[0].binarySize == report.objects[1].binarySize
                && report.objects[0].clangBinarySize == report.objects[1].clangBinarySize)
        #expect(report.text.contains("cache hit"))
        #expect(report.html.contains("<table>"))
    }

    /// Builds run compilers in parallel: one cache, many processes.
    @Test func concurrentCompilesShareTheCache() throws {
        let dropIn = DropIn(budget: 1, extra: ["PASSLAB_BUILD_ID": "parallel"])
        defer { dropIn.remove() }
        let sources = [
            "01_bubble_sort.c", "02_crc32_adler.c", "09_bits.c", "11_ring_buffer.c", "14_globals.c", "20_division.c",
        ]
        let results = ParallelResults<Bool>(count: sources.count * 2)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            while let index = results.claim() {
                let name = sources[index % sources.count]
                let result = try? dropIn.passlab([
                    "cc", "-Oz", "-c", Fixtures.programs + "/" + name, "-o", "\(index).o",
                ])
                results.store(result?.termination.succeeded == true, at: index)
            }
        }
        #expect(results.values.allSatisfy { $0 })
        let report = try dropIn.report()
        #expect(report.objects.count == sources.count * 2)
        #expect(report.totals.first?.fallbacks == 0)
        #expect(try BuildCache(path: dropIn.cacheDirectory + "/cc.sqlite").journalMode() == "wal")
    }

    @Test func failuresFallBackToClangAndAreRecorded() throws {
        let dropIn = DropIn(budget: 1, extra: ["PASSLAB_BUILD_ID": "fallbacks"])
        defer { dropIn.remove() }
        let source = Fixtures.programs + "/05_tokenizer.c"

        // A flag PassLab cannot honour: clang's object, recorded with the reason.
        #expect(
            try dropIn.passlab(["cc", "-Oz", "-fsanitize=undefined", "-c", source, "-o", "ubsan.o"]).termination
                .succeeded)
        #expect(
            try dropIn.clang(["-Oz", "-fsanitize=undefined", "-c", source, "-o", "ubsan-clang.o"]).termination.succeeded
        )
        #expect(dropIn.bytes("ubsan.o") == dropIn.bytes("ubsan-clang.o"))

        // An unusable setting: never breaks the build, never changes its object.
        let bad = try dropIn.passlab(["cc", "-Oz", "-c", source, "-o", "bad.o"], extra: ["PASSLAB_BUDGET": "lots"])
        #expect(bad.termination.succeeded)
        #expect(try dropIn.clang(["-Oz", "-c", source, "-o", "plain.o"]).termination.succeeded)
        #expect(dropIn.bytes("bad.o") == dropIn.bytes("plain.o"))
        #expect(dropIn.log.contains("PASSLAB_BUDGET='lots'"))

        // A broken source: clang's errors and exit status, as without PassLab.
        try "int main(void) { return missing; }\n".write(
            toFile: dropIn.directory + "/broken.c", atomically: true, encoding: .utf8)
        let broken = try dropIn.passlab(["cc", "-Oz", "-c", "broken.c", "-o", "broken.o"])
        let brokenClang = try dropIn.clang(["-Oz", "-c", "broken.c", "-o", "broken.o"])
        #expect(broken.termination == brokenClang.termination && !broken.termination.succeeded)
        #expect(broken.stderrText == brokenClang.stderrText)
        #expect(broken.standardOutput.isEmpty)

        // A crash of passlab cc itself: the process becomes clang's compile.
        let crash = try dropIn.passlab(
            ["cc", "-Oz", "-c", source, "-o", "crash.o"], extra: ["PASSLAB_CC_INJECT_FAULT": "crash"])
        #expect(crash.termination.succeeded)
        #expect(dropIn.bytes("crash.o") == dropIn.bytes("plain.o"))
        #expect(dropIn.log.contains("passlab cc crashed while tuning crash.o"))

        let report = try dropIn.report()
        #expect(report.objects.map(\.outcome) == ["fallback", "fallback", "fallback"])
        #expect(report.objects[0].fallbackReason?.contains("-fsanitize=undefined") == true)
        #expect(report.objects[0].binarySize == (try dropIn.size("ubsan-clang.o")))
        #expect(report.objects[2].binarySize == nil)
    }

    @Test func everythingElseIsClangItself() throws {
        let dropIn = DropIn(extra: ["PASSLAB_BUILD_ID": "passthrough"])
        defer { dropIn.remove() }
        let source = Fixtures.programs + "/24_calendar.c"
        for arguments in [
            ["-E", "-Oz", source], ["--version"], ["-Oz", "-S", source, "-o", "-"], ["-O2", "-c", source, "-o", "-"],
        ] {
            let ours = try dropIn.passlab(["cc"] + arguments)
            let theirs = try dropIn.clang(arguments)
            #expect(
                ours.termination == theirs.termination && ours.standardOutput == theirs.standardOutput, "\(arguments)")
        }
        // A program built in one step at -O2 (not a size level).
        #expect(try dropIn.passlab(["cc", "-O2", source, "-o", "calendar"]).termination.succeeded)
        #expect(
            try ProcessRunner.run(ProcessRequest(dropIn.directory + "/calendar", [], timeout: 30)).termination.succeeded
        )
        // clang's exit status for a bad command.
        let missing = try dropIn.passlab(["cc", "-c", "no-such-file.c"])
        #expect(missing.termination == (try dropIn.clang(["-c", "no-such-file.c"])).termination)
        // Nothing of this is a size-level compile: nothing recorded.
        let recorded =
            FileManager.default.fileExists(atPath: dropIn.cacheDirectory + "/cc.sqlite")
            ? try dropIn.report().objects.count : 0
        #expect(recorded == 0)
    }

    /// `cc -Oz main.c codec.c -lm -o prog`, as many makefiles build small
    /// programs: each source tuned as its `-c` compile would be, the objects
    /// linked with the command's link flags, the program measured against
    /// the same link of clang-19's objects; errors are clang's own.
    @Test func oneStepBuildsAreTunedSourceBySource() throws {
        let dropIn = DropIn(budget: 1, extra: ["PASSLAB_BUILD_ID": "one-step"])
        defer { dropIn.remove() }
        let files = [
            "codec.h":
                "unsigned checksum(const unsigned char *data, int length);\nint rle(const char *in, char *out);\n",
            "codec.c": """
            #include "codec.h"
            unsigned checksum(const unsigned char *data, int length) {
                unsigned a = 1, b = 0;
                for (int i = 0; i < length; i++) { a = (a + data[i]) % 65521; b = (b + a) % 65521; }
                return (b << 16) | a;
            }
            int rle(const char *in, char *out) {
                int n = 0;
                while (*in) {
                    char c = *in; int run = 0;
                    while (*in == c && run < 9) { in++; run++; }
                    out[n++] = (char)('0' + run); out[n++] = c;
                }
                out[n] = 0;
                return n;
            }
            """,
            "main.c": """
            #include <math.h>
            #include <stdio.h>
            #include <string.h>
            #include "codec.h"
            int main(int argc, char **argv) {
                const char *text = argc > 1 ? argv[1] : "aaabccccccccccccdd";
                char packed[256];
                int n = rle(text, packed);
                printf("%s %d %08x %.3f\\n", packed, n, checksum((const unsigned char *)text, (int)strlen(text)),
                       sqrt((double)n));
                return 0;
            }
            """,
        ]
        for (name, text) in files {
            try text.write(toFile: dropIn.directory + "/" + name, atomically: true, encoding: .utf8)
        }
        let flags = ["-Oz", "-Wall", "-Werror", "main.c", "codec.c", "-lm", "-Wl,--gc-sections"]
        let ours = try dropIn.passlab(["cc"] + flags + ["-o", "prog"])
        #expect(ours.termination.succeeded && ours.stderrText.isEmpty, "\(ours.stderrText)")
        #expect(try dropIn.clang(flags + ["-o", "prog-clang"]).termination.succeeded)
        let run = { (name: String) in
            try ProcessRunner.run(
                ProcessRequest(dropIn.directory + "/" + name, ["xxxxyzzzzzzzzzzzzzzzzq"], timeout: 30))
        }
        let (a, b) = (try run("prog"), try run("prog-clang"))
        #expect(a.termination.succeeded && a.standardOutput == b.standardOutput && !a.standardOutput.isEmpty)
        let report = try dropIn.report()
        let product = dropIn.directory + "/prog"
        #expect(report.objects.map(\.object) == [product + "(main.o)", product + "(codec.o)"])
        #expect(
            report.objects.allSatisfy { $0.outcome == "tuned" && ($0.binarySize ?? .max) <= ($0.clangBinarySize ?? 0) })
        let linked = try #require(report.totals.first?.products.first)
        #expect(linked.output == product && linked.passlabObjects == 2 && linked.plainBinarySize != nil)
        #expect(linked.binarySize == (try ProductSize.binarySize(of: product)))
        // -c with a link-only flag under -Werror: clang's error, as clang says it.
        let strict = ["-Oz", "-Werror", "-c", "main.c", "codec.c", "-lm"]
        let (strictOurs, strictClang) = (try dropIn.passlab(["cc"] + strict), try dropIn.clang(strict))
        #expect(!strictOurs.termination.succeeded && strictOurs.termination == strictClang.termination)
        #expect(strictOurs.stderrText == strictClang.stderrText)
        // Dependency files: clang's own, byte for byte (prog.d for a program; a.d, b.d with -c).
        for (variant, arguments) in [
            ("program", ["-Oz", "-MMD", "-MP", "main.c", "codec.c", "-lm", "-o", "deps"]),
            ("objects", ["-Oz", "-MD", "-c", "main.c", "codec.c"]),
        ] {
            #expect(try dropIn.passlab(["cc"] + arguments).termination.succeeded, "\(variant)")
            let files = variant == "program" ? ["deps.d"] : ["main.d", "codec.d"]
            let ours = files.map { dropIn.bytes($0) }
            for file in files { try? FileManager.default.removeItem(atPath: dropIn.directory + "/" + file) }
            #expect(try dropIn.clang(arguments).termination.succeeded)
            #expect(ours.allSatisfy { $0 != nil } && ours == files.map { dropIn.bytes($0) }, "\(variant)")
        }
        // Two sources with one name in two directories: each named by its path.
        for (name, text) in [
            "one/util.c": "int one(void) { return 1; }\n", "two/util.c": "int two(void) { return 2; }\n",
            "both.c": "int one(void);\nint two(void);\nint main(void) { return one() + two() - 3; }\n",
        ] {
            try? FileManager.default.createDirectory(
                atPath: dropIn.directory + "/" + (name as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try text.write(toFile: dropIn.directory + "/" + name, atomically: true, encoding: .utf8)
        }
        #expect(
            try dropIn.passlab(["cc", "-Os", "both.c", "one/util.c", "two/util.c", "-o", "both"]).termination.succeeded)
        #expect(
            try ProcessRunner.run(ProcessRequest(dropIn.directory + "/both", [], timeout: 30)).termination.succeeded)
        let both = dropIn.directory + "/both"
        #expect(
            try dropIn.report().objects.suffix(3).map(\.object) == [
                both + "(both.o)", both + "(one/util.c)", both + "(two/util.c)",
            ])
        // Several sources with -c: each object where clang puts it, each tuned; no link.
        let compiled = try dropIn.passlab(["cc", "-Oz", "-Wall", "-c", "main.c", "codec.c"])
        #expect(compiled.termination.succeeded && compiled.stderrText.isEmpty, "\(compiled.stderrText)")
        #expect(try dropIn.clang(["-Oz", "-c", "codec.c", "-o", "codec-clang.o"]).termination.succeeded)
        #expect(try dropIn.size("codec.o") <= (try dropIn.size("codec-clang.o")) && dropIn.bytes("main.o") != nil)
        #expect(
            try dropIn.report().objects.suffix(2).map(\.object) == [
                dropIn.directory + "/main.o", dropIn.directory + "/codec.o",
            ])
        // The same program again: both objects from the cache, the same bytes.
        let again = try dropIn.passlab(["cc"] + flags + ["-o", "prog2"])
        #expect(again.termination.succeeded)
        #expect(dropIn.bytes("prog2").map { $0.count } == dropIn.bytes("prog").map { $0.count })

        // A source that does not compile, a program that does not link: clang's status and errors.
        try "int helper(void) { return missing; }\n".write(
            toFile: dropIn.directory + "/broken.c", atomically: true, encoding: .utf8)
        let broken = try dropIn.passlab(["cc", "-Oz", "main.c", "broken.c", "-o", "broken"])
        let brokenClang = try dropIn.clang(["-Oz", "main.c", "broken.c", "-o", "broken"])
        #expect(!broken.termination.succeeded && broken.termination == brokenClang.termination)
        #expect(broken.stderrText == brokenClang.stderrText)
        let unlinked = try dropIn.passlab(["cc", "-Oz", "main.c", "-o", "unlinked"])
        #expect(unlinked.termination == (try dropIn.clang(["-Oz", "main.c", "-o", "unlinked"])).termination)
        #expect(!unlinked.termination.succeeded && unlinked.stderrText.contains("checksum"))
        #expect(!FileManager.default.fileExists(atPath: dropIn.directory + "/unlinked"))
        // configure's checks are clang-19's own command: nothing recorded.
        try "int main(void) { return 0; }\n".write(
            toFile: dropIn.directory + "/conftest.c", atomically: true, encoding: .utf8)
        let before = try dropIn.report(builds: 5).objects.count
        #expect(try dropIn.passlab(["cc", "-Oz", "-o", "conftest", "conftest.c", "-lm"]).termination.succeeded)
        #expect(try dropIn.passlab(["cc", "-Oz", "-c", "conftest.c", "-o", "conftest.o"]).termination.succeeded)
        #expect(dropIn.bytes("conftest.o") != nil)
        #expect(try dropIn.report(builds: 5).objects.count == before)
    }

    /// CMake's launcher form: `passlab /usr/bin/clang-19 <flags> -MD -MT .. -MF ..`.
    @Test func cmakeLauncherBuild() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/cmake"),
            "cmake is missing: scripts/setup installs it")
        let dropIn = DropIn(budget: 1, extra: ["PASSLAB_BUILD_ID": "cmake"])
        defer { dropIn.remove() }
        try FileManager.default.createDirectory(
            atPath: dropIn.directory + "/project", withIntermediateDirectories: true)
        for name in ["16_base64.c", "28_sha256.c"] {
            let source = try String(contentsOfFile: Fixtures.programs + "/" + name, encoding: .utf8)
            // Two programs in one executable: rename one main.
            let text =
                name.hasPrefix("16") ? source.replacingOccurrences(of: "int main(", with: "int base64_main(") : source
            try text.write(toFile: dropIn.directory + "/project/" + name, atomically: true, encoding: .utf8)
        }
        try """
        cmake_minimum_required(VERSION 3.16)
        project(demo C)
        add_executable(demo 16_base64.c 28_sha256.c)
        """.write(toFile: dropIn.directory + "/project/CMakeLists.txt", atomically: true, encoding: .utf8)
        let configure = try ProcessRunner.run(
            ProcessRequest(
                "cmake",
                [
                    "-S", dropIn.directory + "/project", "-B", dropIn.directory + "/build",
                    "-DCMAKE_C_COMPILER=" + (try Toolchain.findCompiler(cxx: false)),
                    "-DCMAKE_C_COMPILER_LAUNCHER=" + Fixtures.passlabExecutable, "-DCMAKE_BUILD_TYPE=MinSizeRel",
                    "-DCMAKE_C_LINKER_LAUNCHER=" + Fixtures.passlabExecutable,
                ], environment: dropIn.environment, timeout: 300))
        #expect(configure.termination.succeeded, "\(configure.stderrText)")
        let build = try ProcessRunner.run(
            ProcessRequest(
                "cmake", ["--build", dropIn.directory + "/build", "-j2"], environment: dropIn.environment,
                timeout: 300))
        #expect(build.termination.succeeded, "\(build.stderrText)")
        #expect(
            try ProcessRunner.run(ProcessRequest(dropIn.directory + "/build/demo", [], timeout: 30)).termination
                .succeeded)
        let report = try dropIn.report()
        #expect(
            report.objects.count == 2 && report.objects.allSatisfy { $0.outcome == "tuned" && $0.optimization == "Os" })
        // The link, through CMake's linker launcher: the program and the same link of clang-19's objects.
        let product = try #require(report.totals.first?.products.first, "\(report.text)")
        #expect(
            product.output == dropIn.directory + "/build/demo" && product.passlabObjects == 2 && product.objects == 2)
        #expect(product.binarySize == (try ProductSize.binarySize(of: dropIn.directory + "/build/demo")))
        let plain = try #require(product.plainBinarySize, "\(product.plainNote ?? "")")
        #expect(product.binarySize <= plain)
        // CMake's dependency files (-MD -MT -MF) are there.
        let dependencies = (FileManager.default.subpaths(atPath: dropIn.directory + "/build") ?? []).filter {
            $0.hasSuffix(".c.o.d")
        }
        #expect(dependencies.count == 2)
    }

    @Test func launcherFormTunesClangAndLeavesOtherCompilersAlone() throws {
        let dropIn = DropIn(budget: 1, extra: ["PASSLAB_BUILD_ID": "launcher"])
        defer { dropIn.remove() }
        let source = Fixtures.programs + "/17_rle.c"
        let clang = try Toolchain.findCompiler(cxx: false)
        #expect(try dropIn.passlab([clang, "-Oz", "-c", source, "-o", "a.o"]).termination.succeeded)
        #expect(
            try dropIn.passlab(["clang++-19", "-Oz", "-c", Fixtures.cpp + "/02_word_stats.cpp", "-o", "b.o"])
                .termination.succeeded)
        var outcomes = ["tuned", "tuned"]
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/gcc") {
            let gcc = try dropIn.passlab(["/usr/bin/gcc", "-Os", "-c", source, "-o", "g.o"])
            #expect(gcc.termination.succeeded)
            outcomes.append("fallback")
        }
        let report = try dropIn.report()
        #expect(report.objects.map(\.outcome) == outcomes)
        if outcomes.count == 3 { #expect(report.objects[2].fallbackReason?.contains("not clang 19") == true) }
    }
}
