@testable import CompilerWrapper
import Foundation
import Testing
import TestSupport
import Toolchain

/// `passlab cc` as builds use it, without PASSLAB_BUILD_ID: builds told apart
/// by directory and time, a foreign compiler said once per build, linked
/// products measured against a plain clang-19 link.
@Suite(.serialized) struct BuildReportTests {
    static func write(_ files: [String: String], in directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8) }
    }

    static func run(_ executable: String, _ arguments: [String], in directory: String) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(executable, arguments, workingDirectory: directory, timeout: 300))
    }

    /// CMake picked gcc and runs it under CMAKE_C_COMPILER_LAUNCHER=passlab.
    @Test func aCompilerOtherThanClang19IsSaidOncePerBuildWithTheFix() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/gcc"), "gcc is missing (Debian's gcc)")
        let dropIn = DropIn(budget: 1)
        defer { dropIn.remove() }
        let files = [
            "x.c": "int x(void) { return 1; }\n", "y.c": "int y(void) { return 2; }\n",
            "main.c": "int x(void);\nint y(void);\nint main(void) { return x() + y() - 3; }\n",
        ]
        for build in ["one", "two"] { try Self.write(files, in: dropIn.directory + "/" + build) }

        let steps = [
            ["gcc", "--version"], ["gcc", "-Os", "-c", "x.c", "-o", "x.o"],
            ["gcc", "-Os", "-c", "y.c", "-o", "y.o"], ["gcc", "-O2", "-c", "main.c", "-o", "main.o"],
            ["gcc", "x.o", "y.o", "main.o", "-o", "prog"],
        ]
        var warned: [Int] = []
        for (index, step) in steps.enumerated() {
            let result = try dropIn.passlab(step, in: "one")
            #expect(result.termination.succeeded, "\(step): \(result.stderrText)")
            guard result.stderrText.contains("is not clang-19") else { continue }
            warned.append(index)
            let text = result.stderrText
            #expect(text.contains("-DCMAKE_C_COMPILER=clang-19") && text.contains("CC=clang-19"), "the fix: \(text)")
        }
        #expect(warned == [1], "said once, at the first compile")
        #expect(try Self.run(dropIn.directory + "/one/prog", [], in: dropIn.directory).termination.succeeded)

        // Another build directory is another build: said again, once.
        let first = try dropIn.passlab(["/usr/bin/gcc", "-Os", "-c", "x.c", "-o", "x.o"], in: "two")
        #expect(first.stderrText.contains("/usr/bin/gcc is not clang-19"), "\(first.stderrText)")
        let second = try dropIn.passlab(["/usr/bin/gcc", "-Os", "-c", "y.c", "-o", "y.o"], in: "two")
        #expect(second.termination.succeeded && !second.stderrText.contains("not clang-19"))

        let report = try dropIn.report(builds: 5)
        let builds = report.totals.filter { $0.build != "all" }
        #expect(builds.map(\.directory) == [dropIn.directory + "/one", dropIn.directory + "/two"])
        #expect(builds.allSatisfy { $0.notices.count == 1 && $0.notices[0].contains("-DCMAKE_C_COMPILER=clang-19") })
        #expect(builds.map(\.fallbacks) == [2, 2], "the -Os compiles are gcc's, recorded as fallbacks")
        let product = try #require(builds.first?.products.first)
        #expect(product.output == dropIn.directory + "/one/prog" && product.passlabObjects == 0)
        #expect(product.binarySize == (try ProductSize.binarySize(of: dropIn.directory + "/one/prog")))
        #expect(product.plainBinarySize == nil && product.plainNote?.contains("not clang-19") == true)
        #expect(report.text.contains("warning: gcc is not clang-19"))
        #expect(report.text.contains("warning: /usr/bin/gcc is not clang-19"))
    }

    /// The real thing: CMake configured with gcc and passlab as the launcher,
    /// built with -j2 (compiles run side by side in the build tree's
    /// subdirectories): one warning for the whole build.
    @Test func cmakeWithGccUnderTheLauncherWarnsOnce() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/cmake"), "cmake is missing (scripts/setup)")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/gcc"), "gcc is missing (Debian's gcc)")
        let dropIn = DropIn(budget: 1)
        defer { dropIn.remove() }
        var files = [
            "CMakeLists.txt": """
            cmake_minimum_required(VERSION 3.16)
            project(demo C)
            add_executable(demo main.c a.c b.c c.c d.c)
            """
        ]
        for name in ["a", "b", "c", "d"] { files[name + ".c"] = "int \(name)(int x) { return x + 1; }\n" }
        files["main.c"] = "int a(int), b(int), c(int), d(int);\nint main(void) { return a(b(c(d(-4)))); }\n"
        try Self.write(files, in: dropIn.directory + "/project")
        let configure = try ProcessRunner.run(
            ProcessRequest(
                "cmake",
                [
                    "-S", dropIn.directory + "/project", "-B", dropIn.directory + "/build", "-DCMAKE_C_COMPILER=gcc",
                    "-DCMAKE_C_COMPILER_LAUNCHER=" + Fixtures.passlabExecutable,
                    // CMake runs the link through its own launcher (3.21 and later).
                    "-DCMAKE_C_LINKER_LAUNCHER=" + Fixtures.passlabExecutable, "-DCMAKE_BUILD_TYPE=MinSizeRel",
                ], environment: dropIn.environment, timeout: 300))
        #expect(configure.termination.succeeded, "\(configure.stderrText)")
        let build = try ProcessRunner.run(
            ProcessRequest(
                "cmake", ["--build", dropIn.directory + "/build", "-j2"],
                environment: dropIn.environment, timeout: 300))
        #expect(build.termination.succeeded, "\(build.stderrText)")
        let output = build.stdoutText + build.stderrText
        #expect(output.components(separatedBy: "is not clang-19").count - 1 == 1, "\(output)")
        #expect(output.contains("-DCMAKE_C_COMPILER=clang-19"))
        #expect(try Self.run(dropIn.directory + "/build/demo", [], in: dropIn.directory).termination.succeeded)
        let report = try dropIn.report()
        let total = try #require(report.totals.first)
        #expect(report.totals.count == 1 && total.directory == dropIn.directory + "/build")
        #expect(total.fallbacks == 5 && total.notices.count == 1 && total.products.count == 1)
    }

    /// A cold build, then `make clean && make` from the warm cache: two
    /// builds, the second's savings counted as its cache hits, never added to
    /// the first's; each build's program measured against the same link of
    /// clang-19's own objects, which a plain clang-19 build confirms.
    @Test func coldBuildAndWarmRebuildAreSeparateAndTheirProgramsMeasured() throws {
        let dropIn = DropIn(budget: 3)
        defer { dropIn.remove() }
        // One program: 04 is main; the others' mains renamed. 06, 22 and 30
        // go into an archive; the linker takes 06 and 30 (-u), not 22.
        let units: [(stem: String, main: String?)] = [
            ("04_linked_list", nil), ("06_bytecode_vm", "main_06"),
            ("16_base64", "main_16"), ("22_lzss", "main_22"),
            ("30_mini_forth", "main_30"),
        ]
        let archiver = try Toolchain.findTool("llvm-ar-19", bare: "llvm-ar")
        let linkArguments = [
            "04_linked_list.o", "16_base64.o", "libpart.a", "-Wl,-u,main_06", "-Wl,-u,main_30",
            "-o", "prog", "-lm",
        ]
        typealias Step = ([String]) throws -> ProcessResult
        func build(in directory: String, compile: Step, link: Step) throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for name in ["prog", "libpart.a"] + units.map({ $0.stem + ".o" }) {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
            }
            for unit in units {
                let rename = unit.main.map { ["-Dmain=\($0)"] } ?? []
                let arguments =
                    ["-Oz"] + rename + ["-c", Fixtures.programs + "/\(unit.stem).c", "-o", unit.stem + ".o"]
                let result = try compile(arguments)
                #expect(result.termination.succeeded, "\(unit.stem): \(result.stderrText)")
            }
            let members = ["06_bytecode_vm.o", "22_lzss.o", "30_mini_forth.o"]
            let archive = try Self.run(archiver, ["rcs", "libpart.a"] + members, in: directory)
            #expect(archive.termination.succeeded)
            let linked = try link(linkArguments)
            #expect(linked.termination.succeeded, "\(linked.stderrText)")
        }
        let project = dropIn.directory + "/project", plain = dropIn.directory + "/plain"
        let clang = try Toolchain.findCompiler(cxx: false)
        let viaClang = { (arguments: [String]) in try Self.run(clang, arguments, in: plain) }
        try build(in: plain, compile: viaClang, link: viaClang)
        let viaPasslab = { (arguments: [String]) in try dropIn.passlab(["cc"] + arguments, in: "project") }
        try build(in: project, compile: viaPasslab, link: viaPasslab)
        let coldProgram = try ProductSize.binarySize(of: project + "/prog")
        try build(in: project, compile: viaPasslab, link: viaPasslab)
        #expect(try Self.run(project + "/prog", [], in: project).termination.succeeded)

        let report = try dropIn.report(builds: 2)
        #expect(report.totals.map(\.build).last == "all")
        let builds = report.totals.filter { $0.build != "all" }
        try #require(builds.count == 2, "\(report.text)")
        let (cold, warm) = (builds[0], builds[1])
        #expect(cold.directory == project && warm.directory == project)
        #expect(cold.tuned == 5 && cold.cacheHits == 0 && warm.tuned == 0 && warm.cacheHits == 5)
        // Archive members PassLab made smaller: the plain link rebuilds the archive with clang's.
        let improvedInArchive = report.objects.filter {
            let taken = $0.object.hasSuffix("06_bytecode_vm.o") || $0.object.hasSuffix("30_mini_forth.o")
            return $0.build == cold.build && taken && ($0.binarySize ?? 0) < ($0.clangBinarySize ?? 0)
        }
        #expect(!improvedInArchive.isEmpty, "no archived unit got smaller than -Oz at budget 3: \(report.text)")
        let savings = cold.clangBinarySize - cold.binarySize
        #expect(cold.tunedSavings == savings && cold.cacheHitSavings == 0)
        #expect(warm.tunedSavings == 0 && warm.cacheHitSavings == savings)
        let all = try #require(report.totals.last)
        #expect(
            all.objects == 5 && all.clangBinarySize == cold.clangBinarySize && all.binarySize == cold.binarySize,
            "each object once")

        // The program: its size, the savings of the four objects in it (22
        // stays in the archive), and the plain clang-19 program's size.
        #expect(coldProgram < (try ProductSize.binarySize(of: plain + "/prog")))
        let plainProgram = try ProductSize.binarySize(of: plain + "/prog")
        let inProgram = report.objects.filter { $0.build == cold.build && !$0.object.hasSuffix("22_lzss.o") }
        let expectedSavings = inProgram.map { $0.clangBinarySize! - $0.binarySize! }.reduce(0, +)
        for (total, size) in [(cold, coldProgram), (warm, try ProductSize.binarySize(of: project + "/prog"))] {
            let product = try #require(total.products.first, "\(report.text)")
            #expect(total.products.count == 1 && product.output == project + "/prog")
            #expect(product.binarySize == size)
            #expect(product.objects == 4 && product.passlabObjects == 4)
            #expect(product.objectSavings == expectedSavings)
            #expect(product.plainBinarySize == plainProgram, "\(product.plainNote ?? "")")
        }
        #expect(report.text.contains("linked \(project)/prog: \(coldProgram) bytes"))
        #expect(report.text.contains("plain clang-19 link \(plainProgram) bytes"))
    }
}
