import CodeSize
import Datasets
import Foundation
import Models
import Pipelines
import Store
import Support
import Testing
import TestSupport
import Toolchain

/// `passlab dataset` as a user runs it: the real engine, real LLVM and
/// clang-19, checked against `passlab size`, clang-19 and llc-19.
@Suite(.serialized) struct PromptDatasetTests {
    static let keys: Set<String> = [
        "id", "task", "prompt", "label", "input", "function", "contentHash", "codeBase", "split", "protocol",
        "protocolKey",
        "llvmVersion", "seed", "pipeline", "promptTokens", "labelTokens", "tokenCountMethod",
        "unoptimizedInstructionCount", "unoptimizedBinarySize", "instructionCount", "binarySize", "ozBinarySize",
    ]
    static let integerKeys: Set<String> = [
        "seed", "promptTokens", "labelTokens", "unoptimizedInstructionCount", "unoptimizedBinarySize",
        "instructionCount", "binarySize", "ozBinarySize",
    ]
    static let coroutine = Fixtures.root + "/Tests/Fixtures/datasets/coroutine.ll"

    static func passlab(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, arguments, workingDirectory: directory, timeout: 600))
    }

    /// Every line as JSON; every line has exactly `keys`, integers or strings, never null.
    static func records(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.isEmpty || text.hasSuffix("\n"), sourceLocation: sourceLocation)
        return try text.split(separator: "\n").map { line in
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                sourceLocation: sourceLocation)
            #expect(
                Set(object.keys) == keys, "keys differ: \(Set(object.keys).symmetricDifference(keys))",
                sourceLocation: sourceLocation)
            for (key, value) in object {
                #expect(
                    integerKeys.contains(key) ? value is Int : value is String, "\(key): \(value)",
                    sourceLocation: sourceLocation)
            }
            return object
        }
    }

    /// Where two dataset files first differ (the record ids and the fields
    /// that differ, or the line counts), nil when they are the same bytes.
    static func firstDifference(_ first: String, _ second: String) throws -> String? {
        guard try Data(contentsOf: URL(fileURLWithPath: first)) != Data(contentsOf: URL(fileURLWithPath: second)) else {
            return nil
        }
        let a = try String(contentsOfFile: first, encoding: .utf8).split(separator: "\n")
        let b = try String(contentsOfFile: second, encoding: .utf8).split(separator: "\n")
        for (index, (x, y)) in zip(a, b).enumerated() where x != y {
            let left = try JSONSerialization.jsonObject(with: Data(x.utf8)) as? [String: Any] ?? [:]
            let right = try JSONSerialization.jsonObject(with: Data(y.utf8)) as? [String: Any] ?? [:]
            let fields = Set(left.keys).union(right.keys).sorted().filter {
                "\(left[$0] ?? "-")" != "\(right[$0] ?? "-")"
            }
            let details = fields.map { field in
                "\n  \(field): " + Self.firstDifferingLine("\(left[field] ?? "-")", "\(right[field] ?? "-")")
            }
            return "line \(index + 1): \(left["id"] ?? "?") against \(right["id"] ?? "?"), fields \(fields)"
                + details.joined()
        }
        return "\(a.count) lines against \(b.count)"
    }

    /// The first line where two texts differ, both versions, with its number.
    static func firstDifferingLine(_ left: String, _ right: String) -> String {
        let a = left.split(separator: "\n", omittingEmptySubsequences: false)
        let b = right.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? String(a[index]) : "(none)", y = index < b.count ? String(b[index]) : "(none)"
            if x != y { return "text line \(index + 1) of \(a.count) / \(b.count): '\(x)' against '\(y)'" }
        }
        return "the same lines"
    }

    static func summary(_ result: ProcessResult) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: Any],
            "\(result.stdoutText)\n\(result.stderrText)")
    }

    /// `passlab size FILE -p PIPELINE --protocol P --json`: (instructions, bytes), or nil when LLVM crashed (exit 70).
    static func size(
        _ file: String, _ pipeline: String, _ protocolName: String = "paper"
    ) throws -> (instructionCount: Int, binarySize: Int)? {
        let result = try passlab(["size", file, "-p", pipeline, "--protocol", protocolName, "--json", "--jobs", "1"])
        if result.termination == .exited(70) { return nil }
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let object = try summary(result)
        return (try #require(object["instructionCount"] as? Int), try #require(object["binarySize"] as? Int))
    }

    /// `passlab ir SOURCE` run inside the source's directory, so the IR
    /// names it by a relative path and its hash does not depend on where
    /// the checkout or the temporary directory is.
    static func makeIR(_ source: String, into destination: String, scratch: String) throws {
        let name = (source as NSString).lastPathComponent
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: scratch + "/" + name)
        try FileManager.default.copyItem(atPath: source, toPath: scratch + "/" + name)
        try FileManager.default.createDirectory(
            atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let result = try passlab(["ir", name, "-o", destination], in: scratch)
        #expect(result.termination == .exited(0), "\(result.stderrText)")
    }

    static func copy(_ source: String, to destination: String) throws {
        try FileManager.default.createDirectory(
            atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: destination)
    }

    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    static func codeBlock(_ text: String) throws -> String { try #require(ModelAnswer.firstCodeBlock(in: text)) }

    // MARK: - Emulation

    @Test func emulationLabelsAreWhatPasslabSizeMeasuresAndCrashesAreExcluded() throws {
        let directory = Fixtures.temporaryDirectory("dataset-emulation")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tree = directory + "/tree"
        try Self.makeIR(Fixtures.programs + "/09_bits.c", into: tree + "/alpha/bits.ll", scratch: directory + "/src")
        try Self.copy(Self.coroutine, to: tree + "/coro/coroutine.ll")
        try Self.copy(Fixtures.programs + "/20_division.c", to: tree + "/beta/division.c")
        let output = directory + "/emulation.jsonl"
        // Seed 2 draws, among the coroutine's 6 lists, one that crashes LLVM (checked below with `passlab size`).
        let result = try Self.passlab([
            "dataset", "emulation", tree, "-o", output, "--seed", "2", "--examples-per-module", "6",
            "--max-tokens", "100000", "--max-label-tokens", "0", "--jobs", "2", "--json",
        ])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let summary = try Self.summary(result)
        let records = try Self.records(output)
        #expect(summary["examples"] as? [String: Int] == ["emulation-ir": records.count])
        #expect(!FileManager.default.fileExists(atPath: output + ".partial"))

        var unoptimized: [String: (instructionCount: Int, binarySize: Int)] = [:]
        var oz: [String: Int] = [:]
        for input in [tree + "/alpha/bits.ll", tree + "/coro/coroutine.ll", tree + "/beta/division.c"] {
            let measured = try #require(try Self.size(input, ""))
            unoptimized[input] = measured
            oz[input] = try Self.size(input, "module(default<Oz>)")?.binarySize
        }
        for record in records {
            let input = try #require(record["input"] as? String), pipeline = try #require(record["pipeline"] as? String)
            let before = try #require(unoptimized[input])
            #expect(record["task"] as? String == "emulation-ir")
            #expect(record["protocol"] as? String == "paper")
            #expect(record["protocolKey"] as? String == MeasurementProtocol.paper.storeKey)
            #expect(record["llvmVersion"] as? String == PassCatalog.llvmVersion)
            #expect(record["seed"] as? Int == 2)
            #expect(record["function"] as? String == "")
            #expect(
                record["codeBase"] as? String
                    == ((input as NSString).deletingLastPathComponent as NSString).lastPathComponent)
            #expect(record["ozBinarySize"] as? Int == oz[input])
            #expect(record["unoptimizedInstructionCount"] as? Int == before.instructionCount)
            #expect(record["unoptimizedBinarySize"] as? Int == before.binarySize)
            // The label's sizes are what `passlab size -p PIPELINE` measures.
            let after = try #require(
                try Self.size(input, pipeline), "\(pipeline) crashed in passlab size but is in the dataset")
            #expect(record["instructionCount"] as? Int == after.instructionCount, "\(input) \(pipeline)")
            #expect(record["binarySize"] as? Int == after.binarySize, "\(input) \(pipeline)")
            // Prompt and label are PromptFormat's, byte for byte; an IR input is quoted verbatim.
            let label = try #require(record["label"] as? String), prompt = try #require(record["prompt"] as? String)
            #expect(
                label
                    == PromptFormat.emulationLabel(
                        code: try Self.codeBlock(label), instructionCount: after.instructionCount,
                        binarySize: after.binarySize))
            if input.hasSuffix(".ll") {
                #expect(
                    prompt
                        == PromptFormat.emulation(
                            ir: try Self.text(input), passes: pipeline, instructionCount: before.instructionCount,
                            binarySize: before.binarySize, assembly: false))
            }
            #expect(record["promptTokens"] as? Int == LlamaTokenCount.default.count(prompt))
            #expect(record["labelTokens"] as? Int == LlamaTokenCount.default.count(label))
            #expect(record["tokenCountMethod"] as? String == LlamaTokenCount.default.method)
        }

        // The coroutine's lists: those that crash LLVM are not in the file, and are counted.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.coroutine)))
        let lists = PromptDatasetGenerator.emulationPipelines(seed: 2, contentHash: SHA256.hex(bytes), count: 6)
        var crashing: [String] = []
        for list in lists.map(\.text) where try Self.size(Self.coroutine, list) == nil { crashing.append(list) }
        #expect(!crashing.isEmpty, "the fixture no longer draws a crashing list with seed 2; pick another seed")
        let kept = records.filter { ($0["input"] as? String)?.hasSuffix("coroutine.ll") == true }.compactMap {
            $0["pipeline"] as? String
        }
        #expect(kept == lists.map(\.text).filter { !crashing.contains($0) })
        #expect((summary["skipped"] as? [String: Int])?["crashed"] == crashing.count)
        #expect(records.count == 3 * 6 - crashing.count)
    }

    @Test func theSameInputsAndSeedGiveTheSameBytesEvenAfterAnInterruption() throws {
        let directory = Fixtures.temporaryDirectory("dataset-resume")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tree = directory + "/tree"
        let programs = Fixtures.files(in: Fixtures.programs, extensions: ["c"])
        for (index, program) in programs.prefix(18).enumerated() {
            try Self.copy(program, to: "\(tree)/cb\(index % 6)/\((program as NSString).lastPathComponent)")
        }
        let common = [
            "dataset", "emulation", tree, "--seed", "5", "--examples-per-module", "3", "--max-tokens", "100000",
            "--max-label-tokens", "0",
        ]
        let first = try Self.passlab(common + ["-o", directory + "/a.jsonl", "--jobs", "2"])
        #expect(first.termination == .exited(0), "\(first.stderrText)")
        let second = try Self.passlab(common + ["-o", directory + "/b.jsonl", "--jobs", "1"])
        #expect(second.termination == .exited(0), "\(second.stderrText)")
        let reference = try Data(contentsOf: URL(fileURLWithPath: directory + "/a.jsonl"))
        let difference = try Self.firstDifference(directory + "/a.jsonl", directory + "/b.jsonl")
        #expect(
            difference == nil,
            "two runs differ: \(difference ?? "")\n--jobs 2:\n\(first.stderrText)\n--jobs 1:\n\(second.stderrText)")
        let records = try Self.records(directory + "/a.jsonl")
        #expect(records.count == 54)
        // Code bases go wholly to one split.
        var splitOf: [String: String] = [:]
        for record in records {
            let codeBase = try #require(record["codeBase"] as? String), split = try #require(record["split"] as? String)
            #expect(splitOf[codeBase, default: split] == split)
            splitOf[codeBase] = split
            #expect(["train", "validation", "test"].contains(split))
        }
        #expect(splitOf.count == 6)
        // A split chosen by hand.
        let moved = try Self.passlab(
            common + ["-o", directory + "/moved.jsonl", "--split-of", "cb0=test", "--split-of", "cb1=validation"])
        #expect(moved.termination == .exited(0), "\(moved.stderrText)")
        for record in try Self.records(directory + "/moved.jsonl") {
            let codeBase = record["codeBase"] as? String ?? ""
            let expected = codeBase == "cb0" ? "test" : codeBase == "cb1" ? "validation" : splitOf[codeBase]
            #expect(record["split"] as? String == expected)
        }

        // Ctrl-C after the first module: exit 130, the finished modules stay in OUT.partial.
        let output = directory + "/c.jsonl"
        let child = try SpawnedProcess.spawn(
            Fixtures.passlabExecutable, common + ["-o", output, "--jobs", "1"], standardError: .file(directory + "/log")
        )
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, ((try? Self.text(output + ".partial.done")) ?? "").isEmpty { usleep(20_000) }
        kill(child.pid, SIGINT)
        #expect(child.wait() == .exited(130))
        #expect(try Self.text(directory + "/log").contains("run the same command again to resume"))
        #expect(!FileManager.default.fileExists(atPath: output))
        let partial = try Data(contentsOf: URL(fileURLWithPath: output + ".partial"))
        #expect(!partial.isEmpty && partial.count < reference.count && reference.starts(with: partial))

        // Other options do not continue it.
        let other = try Self.passlab([
            "dataset", "emulation", tree, "--seed", "6", "--examples-per-module", "3", "--max-tokens", "100000",
            "--max-label-tokens", "0", "-o", output,
        ])
        #expect(other.termination == .exited(64))
        #expect(
            other.stderrText.contains("--seed (5 vs 6)") && other.stderrText.contains("delete \(output).partial"),
            "\(other.stderrText)")

        // A partial file cut mid-line (a crash, a full disk) resumes from the last whole module.
        let cut = partial.count - 10
        try partial.prefix(cut).write(to: URL(fileURLWithPath: output + ".partial"))
        let resumed = try Self.passlab(common + ["-o", output, "--jobs", "2"])
        #expect(resumed.termination == .exited(0), "\(resumed.stderrText)")
        #expect(resumed.stderrText.contains("resuming"))
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: output)) == reference,
            "the resumed file differs from a run in one go")
        #expect(
            !FileManager.default.fileExists(atPath: output + ".partial")
                && !FileManager.default.fileExists(atPath: output + ".partial.json"))
    }

    // MARK: - Disassembly

    @Test func disassemblyPromptsAreClang19sAssemblyOfTheOzIR() throws {
        let directory = Fixtures.temporaryDirectory("dataset-disassembly")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let toolchain = try Toolchain.find()
        let input = directory + "/tree/bits/bits.ll"
        try Self.makeIR(Fixtures.programs + "/09_bits.c", into: input, scratch: directory + "/src")
        let prefix = "[INST] Disassemble this code to LLVM-IR:\n\n<code>", suffix = "</code> [/INST]"
        func assembly(_ record: [String: Any]) throws -> String {
            let prompt = try #require(record["prompt"] as? String)
            #expect(prompt.hasPrefix(prefix) && prompt.hasSuffix(suffix))
            return String(prompt.dropFirst(prefix.count).dropLast(suffix.count))
        }

        // paper: the -Oz IR is opt-19's, the assembly what `clang-19 -S -xir - -o -` prints for it.
        let paper = try Self.passlab(["dataset", "disassembly", input, "-o", directory + "/paper.jsonl"])
        #expect(paper.termination == .exited(0), "\(paper.stderrText)")
        let record = try #require(try Self.records(directory + "/paper.jsonl").first)
        let optimized = try ProcessRunner.run(
            ProcessRequest(toolchain.opt, ["-p", "module(default<Oz>)", input, "-S", "-o", "-"], timeout: 120))
        let ir = try Self.codeBlock(try #require(record["label"] as? String))
        #expect(record["label"] as? String == PromptFormat.disassemblyLabel(ir: ir))
        // Only the module's name differs (opt names it by the file it read).
        #expect(ir.split(separator: "\n").dropFirst() == optimized.stdoutText.split(separator: "\n").dropFirst())
        let lowered = try ProcessRunner.run(
            ProcessRequest(
                toolchain.clang, ["-S", "-xir", "-", "-o", "-"], standardInput: Array(optimized.stdoutText.utf8),
                timeout: 120))
        #expect(lowered.termination.succeeded)
        #expect(try assembly(record) == lowered.stdoutText, "the prompt's assembly is not clang-19 -S's")
        #expect(record["pipeline"] as? String == "module(default<Oz>)")
        #expect(record["binarySize"] as? Int == (try Self.size(input, "module(default<Oz>)"))?.binarySize)
        #expect(record["ozBinarySize"] as? Int == record["binarySize"] as? Int)
        #expect(record["unoptimizedBinarySize"] as? Int == (try Self.size(input, ""))?.binarySize)

        // shipping: clang-19's own -Oz, lowered at O2; the same code as llc-19 -O2 (clang adds only its address-significance table).
        let shipping = try Self.passlab([
            "dataset", "disassembly", input, "-o", directory + "/shipping.jsonl", "--protocol", "shipping",
        ])
        #expect(shipping.termination == .exited(0), "\(shipping.stderrText)")
        let shipped = try #require(try Self.records(directory + "/shipping.jsonl").first)
        #expect(shipped["pipeline"] as? String == "clang-Oz")
        let shippedIR = try Self.codeBlock(try #require(shipped["label"] as? String))
        try shippedIR.write(toFile: directory + "/shipped.ll", atomically: true, encoding: .utf8)
        let llc = try ProcessRunner.run(
            ProcessRequest(
                toolchain.llc, ["-O2", "-relocation-model=pic", directory + "/shipped.ll", "-o", "-"], timeout: 120))
        #expect(
            try assembly(shipped).split(separator: "\n").filter { !$0.contains(".addrsig") }
                == llc.stdoutText.split(separator: "\n"))
        #expect(shipped["binarySize"] as? Int == (try Self.size(input, "clang-Oz", "shipping"))?.binarySize)
    }

    // MARK: - Flag tuning

    @Test func flagTuningLabelsAreTheStoresBestValidatedListsOnly() throws {
        let directory = Fixtures.temporaryDirectory("dataset-flag-tuning")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tree = directory + "/tree"
        let bits = tree + "/alpha/bits.ll", collatz = tree + "/beta/collatz.ll"
        try Self.makeIR(Fixtures.programs + "/09_bits.c", into: bits, scratch: directory + "/src")
        try Self.makeIR(Fixtures.programs + "/26_collatz.c", into: collatz, scratch: directory + "/src")
        let db = directory + "/tune.sqlite"
        // Seed 3: with the 148-entry catalog, its five lists beat -Oz on bits.ll (seed 1 no longer does).
        let tuned = try Self.passlab([
            "autotune", bits, collatz, "--db", db, "--budget", "5", "--minimize-budget", "20", "--seed", "3",
            "--no-validate",
            "--protocol", "paper", "--jobs", "2",
        ])
        #expect(tuned.termination == .exited(0), "\(tuned.stderrText)")
        let output = directory + "/flag.jsonl"
        let arguments = ["dataset", "flag-tuning", bits, collatz, "--db", db, "-o", output, "--json"]

        // Nothing is validated: no list the search found is a label; -Oz (or no passes) is.
        let unvalidated = try Self.passlab(arguments)
        #expect(unvalidated.termination == .exited(0), "\(unvalidated.stderrText)")
        for record in try Self.records(output) {
            #expect(
                ["", "module(default<Oz>)"].contains(record["pipeline"] as? String ?? "?"),
                "\(record["pipeline"] ?? "")")
        }
        #expect((try Self.summary(unvalidated))["unvalidatedBetter"] as? Int ?? 0 >= 1)
        #expect(unvalidated.stderrText.contains("never validated"))

        // The store's smallest list on bits.ll (ties: the shorter), validated for real on a HumanEval-X subset.
        let store = try ResultStore(path: db)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: bits)))
        let program = try #require(
            try store.existingProgram(contentHash: SHA256.hex(bytes), llvmVersion: PassCatalog.llvmVersion))
        let measured = try store.measurements(of: program, measurementProtocol: .paper)
        let oz = try #require(measured["module(default<Oz>)"]?.binarySize)
        let smaller = measured.compactMap { pipeline, row -> (String, Int, Int)? in
            row.binarySize.flatMap { $0 < oz && !pipeline.isEmpty ? (pipeline.text, $0, pipeline.elements.count) : nil }
        }
        .sorted { ($0.1, $0.2, $0.0) < ($1.1, $1.2, $1.0) }
        let (best, bestSize, _) = try #require(
            smaller.first, "the search found nothing smaller than -Oz on bits.ll; raise --budget")
        let suite = try Fixtures.humanEvalSubset(["CPP/2", "CPP/20"], in: directory)
        let validated = try Self.passlab([
            "validate", "-p", best, "--humaneval", suite, "--db", db, "--protocol", "paper", "--jobs", "2",
        ])
        let passed = validated.termination == .exited(0)
        #expect(passed || validated.termination == .exited(1), "\(validated.stderrText)")
        let withVerdict = try Self.passlab(arguments)
        #expect(withVerdict.termination == .exited(0), "\(withVerdict.stderrText)")
        let labelled = try #require(try Self.records(output).first { $0["input"] as? String == bits })
        if passed {
            #expect(labelled["pipeline"] as? String == best)
            #expect(labelled["binarySize"] as? Int == bestSize)
            #expect(labelled["binarySize"] as? Int == (try Self.size(bits, best))?.binarySize)
            let label = try #require(labelled["label"] as? String)
            #expect(ModelAnswer.pipelineText(in: label) == best)
            #expect(
                ModelAnswer.byteCounts(in: label) == [
                    try #require(labelled["unoptimizedBinarySize"] as? Int), bestSize,
                ])
            #expect(labelled["ozBinarySize"] as? Int == oz)
            #expect(labelled["prompt"] as? String == PromptFormat.flagTuning(ir: try Self.text(bits)))
        } else {
            #expect(labelled["pipeline"] as? String != best)
        }

        // A list that failed validation (anywhere) is never a label.
        try store.record(
            StoredVerdict(
                pipeline: try Pipeline(parsing: best), protocolKey: MeasurementProtocol.paper.storeKey,
                suite: "failed-elsewhere",
                llvmVersion: PassCatalog.llvmVersion, passed: false, programs: 1, failures: 1, resultsJSON: "[]",
                excludedJSON: "[]", seconds: 0))
        #expect(try Self.passlab(arguments).termination == .exited(0))
        #expect(try Self.records(output).allSatisfy { $0["pipeline"] as? String != best })

        // Over the prompt budget: skipped with the fix, until the functions are split and autotuned.
        let small = [
            "dataset", "flag-tuning", bits, "--db", db, "-o", directory + "/pieces.jsonl", "--max-tokens", "1000",
            "--json",
        ]
        let unsplit = try Self.passlab(small)
        #expect(unsplit.termination == .exited(0), "\(unsplit.stderrText)")
        #expect((try Self.summary(unsplit))["skipped"] as? [String: Int] == ["splitNotTuned": 1])
        #expect(unsplit.stderrText.contains("passlab split"))
        #expect(try Self.passlab(["split", bits, "-o", directory + "/pieces"]).termination == .exited(0))
        let piecesTuned = try Self.passlab([
            "autotune", directory + "/pieces", "--db", db, "--budget", "2", "--minimize-budget", "0", "--broadcast",
            "0",
            "--no-validate", "--protocol", "paper", "--jobs", "2",
        ])
        #expect(piecesTuned.termination == .exited(0), "\(piecesTuned.stderrText)")
        let split = try Self.passlab(small)
        #expect(split.termination == .exited(0), "\(split.stderrText)")
        let pieces = try Self.records(directory + "/pieces.jsonl")
        #expect(!pieces.isEmpty)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/pieces").map {
            directory + "/pieces/" + $0
        }
        let hashes = Set(try files.map { SHA256.hex([UInt8](try Data(contentsOf: URL(fileURLWithPath: $0)))) })
        for piece in pieces {
            #expect(!(piece["function"] as? String ?? "").isEmpty)
            #expect(piece["input"] as? String == bits)
            #expect(
                hashes.contains(piece["contentHash"] as? String ?? ""), "a piece that is not what passlab split wrote")
            #expect(piece["promptTokens"] as? Int ?? .max <= 1000)
        }
    }

    // MARK: - Mistakes

    @Test func badInputsExit64NamingTheValueAndTheFix() throws {
        let directory = Fixtures.temporaryDirectory("dataset-bad")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = Fixtures.programs + "/09_bits.c"
        let output = directory + "/out.jsonl"
        let cases: [([String], String)] = [
            (["dataset", "emulation", directory + "/nope.c", "-o", output], "nope.c: no such file"),
            (
                ["dataset", "emulation", program, "-o", output, "--split-of", "zlib=holdout"],
                "--split-of 'zlib=holdout'"
            ),
            (
                ["dataset", "emulation", program, "-o", output, "--seed", "9223372036854775808"],
                "--seed 9223372036854775808"
            ),
            (["dataset", "emulation", program, "-o", output, "--examples-per-module", "0"], "--examples-per-module"),
            (["dataset", "emulation", program, "-o", output, "--target", "bitcode"], "bitcode"),
            (["dataset", "flag-tuning", program, "-o", output], "--db"),
            (
                ["dataset", "flag-tuning", program, "-o", output, "--db", directory + "/none.sqlite"],
                "passlab autotune"
            ),
            (["dataset", "summarize", program], "summarize"),
        ]
        for (arguments, message) in cases {
            let result = try Self.passlab(arguments)
            #expect(result.termination == .exited(64), "\(arguments): \(result.termination) \(result.stderrText)")
            #expect(result.stderrText.contains(message), "\(arguments): \(result.stderrText)")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(!FileManager.default.fileExists(atPath: directory + "/none.sqlite"))
        // An output that cannot be created: the message and code of every command's outputs.
        let missing = try Self.passlab(["dataset", "emulation", program, "-o", directory + "/missing/out.jsonl"])
        #expect(missing.termination == .exited(73), "\(missing.termination) \(missing.stderrText)")
        #expect(
            missing.stderrText.contains("cannot write \(directory)/missing/out.jsonl: no such file or directory"),
            "\(missing.stderrText)")
    }
}
