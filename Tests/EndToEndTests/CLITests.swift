import Foundation
import Pipelines
import Testing
import TestSupport
import Toolchain

/// The built `passlab` binary, as a user runs it.
@Suite struct CLITests {
    static func passlab(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, arguments, workingDirectory: directory, timeout: 300))
    }

    static let program = Fixtures.programs + "/02_crc32_adler.c"

    @Test func sizeJSONCarriesEveryKeyAndTheProtocol() throws {
        let result = try Self.passlab(["size", Self.program, "-p", "module(default<Oz>)", "--json"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput)) as? [String: Any])
        for key in ["instructionCount", "text", "data", "bss", "binarySize", "sections", "provenance", "pipeline"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let provenance = try #require(object["provenance"] as? [String: Any])
        #expect(provenance["protocol"] as? String == "shipping")
        #expect(provenance["codegen"] as? String == "O2")
        #expect(provenance["reloc"] as? String == "pic")
        #expect(provenance["llvmVersion"] as? String == PassCatalog.llvmVersion)
        #expect((object["binarySize"] as? Int) == (object["text"] as? Int ?? -1) + (object["data"] as? Int ?? -1))
        let paper = try Self.passlab([
            "size", Self.program, "-p", "module(default<Oz>)", "--protocol", "paper", "--json",
        ])
        let paperObject = try #require(
            try JSONSerialization.jsonObject(with: Data(paper.standardOutput)) as? [String: Any])
        #expect((paperObject["provenance"] as? [String: Any])?["codegen"] as? String == "O0")
        #expect((paperObject["binarySize"] as! Int) > (object["binarySize"] as! Int), "O0 lowering is larger")
    }

    @Test func unknownPassExits64WithSuggestions() throws {
        let result = try Self.passlab(["size", Self.program, "-p", "function(instcombin,gvn)"])
        #expect(result.termination == .exited(64))
        #expect(result.stderrText.contains("unknown pass 'instcombin'"))
        #expect(result.stderrText.contains("did you mean 'instcombine'"))
    }

    @Test func malformedIRExits65WithFileLineColumn() throws {
        let directory = Fixtures.temporaryDirectory("cli-bad")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bad.ll"
        try "define i32 @f() {\nentry:\n  %x = frobnicate i32 1\n  ret i32 0\n}\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let result = try Self.passlab(["size", path])
        #expect(result.termination == .exited(65))
        #expect(result.stderrText.contains("\(path):3:8"))
        #expect(result.stderrText.contains("instruction opcode"))
    }

    @Test func crashingPipelineExits70WithLLVMsMessageAndNoCore() throws {
        let directory = Fixtures.temporaryDirectory("cli-crash")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.passlab(["size", Self.program, "-p", "function(licm,gvn)"], in: directory)
        #expect(result.termination == .exited(70))
        #expect(result.stderrText.contains("LICM requires MemorySSA"))
        #expect((try FileManager.default.contentsOfDirectory(atPath: directory)).isEmpty, "no core file")
        let opt = try Self.passlab(
            ["opt", Self.program, "-p", "function(codegenprepare)", "-o", directory + "/out.ll"], in: directory)
        #expect(opt.termination == .exited(70))
        #expect(opt.stderrText.contains("codegenprepare"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/out.ll"), "nothing half-written")
    }

    @Test func irMatchesThePapersFrontend() throws {
        let directory = Fixtures.temporaryDirectory("cli-ir")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.passlab(["ir", Self.program, "-o", directory + "/x.ll"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let text = try String(contentsOfFile: directory + "/x.ll", encoding: .utf8)
        #expect(text.contains("minsize") && text.contains("optsize"))
        #expect(!text.contains("optnone") && !text.contains("noinline"))
        #expect(text.contains("!tbaa"))
        let reference = try ProcessRunner.run(
            ProcessRequest(
                try Toolchain.find().clang,
                ["-Oz", "-Xclang", "-disable-llvm-passes", "-S", "-emit-llvm", Self.program, "-o", "-"]))
        #expect(reference.stdoutText == text)
        let cross = try Self.passlab([
            "ir", Fixtures.freestanding + "/crc16.c", "--triple", "thumbv7em-none-eabi", "--", "-ffreestanding",
        ])
        #expect(cross.termination == .exited(0), "\(cross.stderrText)")
        #expect(cross.stdoutText.contains("target triple = \"thumbv7em-"))
    }

    @Test func compileCommandsGiveOneIRFilePerUnitWithItsFlags() throws {
        let directory = Fixtures.temporaryDirectory("cli-db")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/src/lib", withIntermediateDirectories: true)
        try "int scale(int x) { return x * FACTOR; }\n".write(
            toFile: directory + "/src/lib/scale.c", atomically: true, encoding: .utf8)
        try "int scale(int);\nint main(void) { return scale(2); }\n".write(
            toFile: directory + "/src/main.c", atomically: true, encoding: .utf8)
        let database: [[String: Any]] = [
            [
                "directory": directory + "/src", "file": "lib/scale.c",
                "arguments": [
                    "cc", "-DFACTOR=7", "-O2", "-g", "-c", "lib/scale.c", "-o", "scale.o", "-MD", "-MF", "scale.d",
                ],
            ],
            ["directory": directory + "/src", "file": "main.c", "command": "cc -Wall -c main.c -o main.o"],
        ]
        try JSONSerialization.data(withJSONObject: database).write(
            to: URL(fileURLWithPath: directory + "/compile_commands.json"))
        let result = try Self.passlab([
            "ir", "--compile-commands", directory + "/compile_commands.json", "-o", directory + "/ir",
        ])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let scale = try String(contentsOfFile: directory + "/ir/lib/scale.ll", encoding: .utf8)
        #expect(scale.contains("mul nsw i32 %") || scale.contains(", 7"), "FACTOR reached clang")
        #expect(!scale.contains("!dbg"), "-g is dropped: the paper's IR has no debug info")
        #expect(FileManager.default.fileExists(atPath: directory + "/ir/main.ll"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/src/scale.d"), "dependency flags are dropped")
    }

    @Test func optWritesIRAndBitcode() throws {
        let directory = Fixtures.temporaryDirectory("cli-opt")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bitcode = try Self.passlab(["opt", Self.program, "-p", "module(default<Oz>)", "-o", directory + "/y.bc"])
        #expect(bitcode.termination == .exited(0), "\(bitcode.stderrText)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/y.bc"))
        #expect(bytes.prefix(2) == Data("BC".utf8))
        #expect(bitcode.stderrText.contains("binary size"))
        let text = try Self.passlab(["opt", Self.program, "-p", "function(sroa)"])
        #expect(text.stdoutText.contains("define"))
    }

    @Test func passesListsTheCatalog() throws {
        let result = try Self.passlab(["passes", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput)) as? [String: Any])
        #expect(object["llvmVersion"] as? String == PassCatalog.llvmVersion)
        #expect((object["entries"] as? [Any])?.count == PassCatalog.entries.count)
        let text = try Self.passlab(["passes", "--excluded"])
        #expect(text.stdoutText.contains("function(loop-mssa(licm))"))
        #expect(text.stdoutText.contains("internalize:"))
    }

    @Test func compareShowsTheDefaultPipelinesAgainstOz() throws {
        let result = try Self.passlab(["compare", Self.program])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        for label in ["unoptimized", "default<Oz>", "default<O2>", "clang -Oz", "<- best"] {
            #expect(result.stdoutText.contains(label))
        }
    }

    @Test func throughputBenchmarkReportsItsKeys() throws {
        let result = try Self.passlab([
            "bench", "throughput", Self.program, "--protocol", "paper", "--random-pipelines", "1",
            "--process-limit", "3", "--repetitions", "1", "--json",
        ])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput)) as? [String: Any])
        for key in ["engineEvalsPerSecond", "processEvalsPerSecond", "speedupVsProcessPipeline", "scalingTwoWorkers"] {
            #expect((object[key] as? Double ?? 0) > 0, "missing or zero \(key)")
        }
    }

    @Test func badUsageIsExplained() throws {
        let missing = try Self.passlab(["size", "/nonexistent/file.c"])
        #expect(missing.termination == .exited(64))
        #expect(missing.stderrText.contains("no such file"))
        let wrongType = try Self.passlab(["ir", Fixtures.root + "/README.md"])
        #expect(wrongType.termination == .exited(64))
    }
}
