import Foundation
import Testing
import TestSupport
import Toolchain

/// `passlab ir --compile-commands` on databases as real builds write them
/// (CMake, Bear): internal -cc1 runs, units listed twice, old C that needs
/// the build's diagnostics flags, relative paths. Real clang-19 throughout.
@Suite struct CompileCommandsTests {
    static func passlab(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, arguments, timeout: 300))
    }

    static func write(_ text: String, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func writeDatabase(_ entries: [[String: Any]], to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: entries, options: [.prettyPrinted])
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// The files under `directory` (relative), sorted.
    static func files(_ directory: String) -> [String] {
        ((FileManager.default.subpaths(atPath: directory) ?? []).filter { $0.hasSuffix(".ll") }).sorted()
    }

    /// The -cc1 command clang-19's driver runs for `clang-19 SOURCE -o prog`
    /// in `directory` (what Bear records next to the driver's command).
    static func cc1Command(source: String, in directory: String) throws -> String {
        let clang = try Toolchain.find().clang
        let driver = try ProcessRunner.run(
            ProcessRequest(
                clang, ["-###", "-DEXTRA=1", source, "-o", "prog"],
                workingDirectory: directory, timeout: 60))
        let line = driver.stderrText.split(separator: "\n").first { $0.contains("\"-cc1\"") }
        return String(try #require(line)).trimmingCharacters(in: .whitespaces)
    }

    @Test func aRealBuildsDatabaseGivesEveryUnitOnce() throws {
        let root = Fixtures.temporaryDirectory("cdb-build")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let header = "enum { extra_value = EXTRA };\n"
        try Self.write(header, to: root + "/src/common.h")
        let include = "#include \"common.h\"\n"
        try Self.write(include + "int main(void) { return extra_value; }\n", to: root + "/src/main.c")
        // Old C: a call to an undeclared function, an error in clang-19 unless the build says otherwise.
        try Self.write(include + "int old(void) { return helper(extra_value); }\n", to: root + "/src/old.c")
        try Self.write(include + "int twice(void) { return MODE * 1000 + extra_value; }\n", to: root + "/src/twice.c")
        try Self.write(include + "int same(void) { return extra_value; }\n", to: root + "/src/same.c")
        let build = root + "/build"
        try FileManager.default.createDirectory(atPath: build, withIntermediateDirectories: true)
        func entry(_ name: String, _ flags: [String], _ object: String) -> [String: Any] {
            [
                "directory": build, "file": root + "/src/" + name,
                "arguments": ["cc"] + flags + ["-c", "../src/" + name, "-o", object],
            ]
        }
        let database: [[String: Any]] = [
            // Bear on `clang main.c -o prog`: the driver's command and its -cc1 run.
            [
                "directory": root, "file": root + "/src/main.c",
                "arguments": ["clang-19", "-O2", "src/main.c", "-o", "prog"],
            ],
            [
                "directory": root, "file": root + "/src/main.c",
                "command": try Self.cc1Command(source: "src/main.c", in: root),
            ],
            [
                "directory": build, "file": root + "/src/old.c",
                // gcc's flags: -Werror with a warning option clang does not know.
                "command":
                    "/usr/bin/cc -Wall -Werror -Wno-maybe-uninitialized -Wno-error=implicit-function-declaration "
                    + "-Os -c ../src/old.c -o old.o",
            ],
            entry("twice.c", ["-DMODE=1"], "twice1.o"), entry("twice.c", ["-DMODE=2"], "twice2.o"),
            entry("same.c", ["-Os"], "same-a.o"), entry("same.c", ["-Os"], "same-b.o"),
        ]
        try Self.writeDatabase(database, to: build + "/compile_commands.json")

        // Without the define every unit needs, nothing compiles: the extra arguments reach every entry.
        let out = root + "/ir"
        let command = ["ir", "--compile-commands", build + "/compile_commands.json", "-o"]
        let result = try Self.passlab(command + [out, "--", "-DEXTRA=42"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        #expect(result.stdoutText.contains("wrote 5 of 5 translation units"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("skipped 1 entry that is clang's internal -cc1 run"))
        #expect(result.stdoutText.contains("1 entry listed a unit again with the same flags: made once"))
        #expect(result.stdoutText.contains("twice is listed with 2 flag sets"))
        let files = Self.files(out)
        #expect(files.count == 5, "\(files)")
        #expect(files.contains("main.ll") && files.contains("old.ll") && files.contains("same.ll"))
        let variants = files.filter { $0.hasPrefix("twice.") }
        #expect(variants.count == 2)
        #expect(variants.allSatisfy { $0.range(of: #"^twice\.[0-9a-f]{8}\.ll$"#, options: .regularExpression) != nil })
        let texts = try variants.map { try String(contentsOfFile: out + "/" + $0, encoding: .utf8) }
        #expect(Set(texts.map { $0.contains("i32 1042") || $0.contains("i32 2042") }) == [true])
        #expect(texts.count == 2 && texts[0] != texts[1], "each flag set has its own IR")
        #expect(try String(contentsOfFile: out + "/old.ll", encoding: .utf8).contains("@helper"))

        // Deterministic names: the same database again gives the same files.
        let again = root + "/ir-again"
        let second = try Self.passlab(command + [again, "--", "-DEXTRA=42"])
        #expect(second.termination == .exited(0))
        #expect(Self.files(again) == files)
        for file in files {
            let (first, repeated) = (
                FileManager.default.contents(atPath: out + "/" + file),
                FileManager.default.contents(atPath: again + "/" + file)
            )
            #expect(first != nil && first == repeated)
        }
    }

    @Test func failedUnitsAreNamedWithClangsReason() throws {
        let root = Fixtures.temporaryDirectory("cdb-fail")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.write("int good(void) { return 1; }\n", to: root + "/good.c")
        try Self.write("int old(void) { return helper(2); }\n", to: root + "/old.c")
        // The same old C without the build's -Wno-error: clang-19 refuses it.
        let database: [[String: Any]] = [
            ["directory": root, "file": "good.c", "command": "cc -c good.c -o good.o"],
            ["directory": root, "file": "old.c", "command": "cc -c old.c -o old.o"],
        ]
        try Self.writeDatabase(database, to: root + "/compile_commands.json")
        let result = try Self.passlab(["ir", "--compile-commands", root + "/compile_commands.json", "-o", root + "/ir"])
        #expect(result.termination == .exited(65))
        #expect(result.stdoutText.contains("wrote 1 of 2 translation units"))
        #expect(result.stderrText.contains("failed: \(root)/old.c"), "\(result.stderrText)")
        #expect(result.stderrText.contains("implicit"), "clang's reason: \(result.stderrText)")
        #expect(!result.stderrText.contains("failed: \(root)/good.c"))
        #expect(Self.files(root + "/ir") == ["good.ll"])
    }

    /// __FILE__ and the module's name are the build's: the same project in
    /// two places gives the same IR.
    @Test func irDoesNotDependOnWhereTheTreeIs() throws {
        let parent = Fixtures.temporaryDirectory("cdb-where")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        var outputs: [Data] = []
        for place in ["first/checkout", "second/elsewhere/tree"] {
            let root = parent + "/" + place
            try Self.write("const char *where(void) { return __FILE__; }\n", to: root + "/src/where.c")
            let database: [[String: Any]] = [
                ["directory": root, "file": "src/where.c", "arguments": ["cc", "-c", "src/where.c", "-o", "where.o"]]
            ]
            try Self.writeDatabase(database, to: root + "/compile_commands.json")
            let result = try Self.passlab([
                "ir", "--compile-commands", root + "/compile_commands.json",
                "-o", root + "/ir",
            ])
            #expect(result.termination == .exited(0), "\(result.stderrText)")
            let ir = try Data(contentsOf: URL(fileURLWithPath: root + "/ir/where.ll"))
            let text = String(decoding: ir, as: UTF8.self)
            #expect(text.contains("c\"src/where.c\\00\""), "__FILE__ as the build wrote it")
            #expect(!text.contains(place), "no trace of the checkout's directory")
            outputs.append(ir)
        }
        #expect(outputs.count == 2 && outputs[0] == outputs[1])
    }
}
