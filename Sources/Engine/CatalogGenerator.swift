import CodeSize
import Foundation
import Pipelines
import Toolchain

/// Generates `Sources/Pipelines/PassCatalog+Generated.swift`: the paper's
/// rules (`CatalogRules`) applied to `opt-19 --print-passes`, then each
/// candidate run alone on sample modules through the engine. A candidate that
/// crashes, hangs or is rejected is excluded with LLVM's reason; a loop pass
/// that needs MemorySSA ("LICM requires MemorySSA") gets `loop-mssa(...)`.
public enum CatalogGenerator {
    /// What `generate` made: the catalog's Swift source and the decisions in
    /// it.
    public struct Result: Sendable {
        /// The full text of `PassCatalog+Generated.swift`, ready to write over
        /// the checked-in file.
        public var source: String
        /// The passes kept, each with the pipeline that ran cleanly on every
        /// sample (`loop-mssa(...)` where plain `loop(...)` failed).
        public var entries: [CatalogEntry]
        /// The passes left out with LLVM's or the rules' reason: those the
        /// rules exclude, then those that failed alone on the samples.
        public var excluded: [ExcludedPass]
    }

    /// Lists opt-19's passes, runs each candidate alone on the sample modules
    /// through `engine` (shipping protocol) and renders the catalog. Throws
    /// when opt-19 or clang-19 cannot be run or the samples do not compile; a
    /// pass that fails is excluded, never thrown. Slow: every candidate is
    /// compiled on every sample.
    public static func generate(engine: EvaluationEngine, toolchain: Toolchain) throws -> Result {
        let listing = try ProcessRunner.run(ProcessRequest(toolchain.opt, ["--print-passes"], timeout: 60))
        guard listing.termination.succeeded else {
            throw FrontendError.compileFailed(
                source: "opt-19 --print-passes", command: toolchain.opt, diagnostics: listing.stderrText)
        }
        let rules = CatalogRules.candidates(fromPrintPasses: listing.stdoutText)
        let samples = try sampleModules(engine: engine, toolchain: toolchain)
        defer { samples.forEach(engine.unregister) }

        var entries: [CatalogEntry] = []
        var excluded = rules.excluded
        var llvmVersion = ""
        for candidate in rules.candidates {
            var attempts = [candidate]
            if candidate.level == .loop {
                let pass = String(candidate.pipeline.dropFirst("function(loop(".count).dropLast(2))
                attempts.append(
                    CatalogEntry(
                        name: candidate.name, level: .loop,
                        pipeline: CatalogRules.wrap(pass, level: .loop, memorySSA: true)))
            }
            var failure = ""
            for attempt in attempts {
                let pipeline: Pipeline
                do {
                    pipeline = try Pipeline(parsing: attempt.pipeline)
                } catch {
                    failure = error.description
                    continue
                }
                let outcomes = engine.evaluate(
                    samples.map { EvaluationJob(module: $0, pipeline: pipeline, measurementProtocol: .shipping) })
                if let problem = outcomes.first(where: { $0.measurement == nil }) {
                    failure = describe(problem)
                    continue
                }
                llvmVersion = outcomes.first?.measurement?.llvmVersion ?? llvmVersion
                entries.append(attempt)
                failure = ""
                break
            }
            if !failure.isEmpty {
                excluded.append(
                    ExcludedPass(name: candidate.name, reason: "fails when run alone on the sample modules: \(failure)")
                )
            }
        }
        let clangOz = try clangPipeline(level: "-Oz", toolchain: toolchain)
        let source = CatalogRules.render(
            llvmVersion: llvmVersion, entries: entries, excluded: excluded, printedNames: rules.printedNames,
            clangOzPipeline: clangOz)
        return Result(source: source, entries: entries, excluded: excluded)
    }

    /// The IR pipeline clang-19 runs at an -O level, as it prints it.
    static func clangPipeline(level: String, toolchain: Toolchain) throws -> String {
        let directory = try ScratchDirectory.create(purpose: "clang-pipeline")
        defer { ScratchDirectory.remove(directory) }
        let source = directory + "/empty.c"
        try "int passlab_sample(int x) { return x + 1; }\n".write(toFile: source, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(
            ProcessRequest(
                toolchain.clang,
                [level, "-c", source, "-o", directory + "/empty.o", "-mllvm", "-print-pipeline-passes"]))
        guard result.termination.succeeded, let line = result.stdoutText.split(separator: "\n").first else {
            throw FrontendError.compileFailed(
                source: source, command: "clang-19 \(level) -mllvm -print-pipeline-passes",
                diagnostics: result.stderrText)
        }
        return String(line)
    }

    static func describe(_ outcome: EvaluationOutcome) -> String {
        switch outcome {
        case .measured: return ""
        case .failed(let failure):
            // LLVM's pass-builder message is the useful part.
            return failure.message.components(separatedBy: "\n").first.map {
                $0.replacingOccurrences(of: "invalid pipeline ", with: "")
            } ?? failure.message
        case .crashed(let report): return report.description
        case .timedOut(let seconds): return "timed out after \(Int(seconds)) s"
        case .brokenModule(let message): return message
        }
    }

    /// Sample modules written to exercise every pass level: loops (nested,
    /// counted, with calls), recursion, switches, globals, structs, indirect
    /// calls, memcpy and floating point.
    static func sampleModules(engine: EvaluationEngine, toolchain: Toolchain) throws -> [ModuleHandle] {
        let directory = try ScratchDirectory.create(purpose: "catalog")
        defer { ScratchDirectory.remove(directory) }
        var handles: [ModuleHandle] = []
        for (index, source) in [sampleProgram, sampleProgramCxx].enumerated() {
            let path = "\(directory)/sample\(index).\(index == 0 ? "c" : "cpp")"
            try source.write(toFile: path, atomically: true, encoding: .utf8)
            let ir = try Frontend.emitIR(FrontendInvocation(source: path), toolchain: toolchain)
            handles.append(engine.register(ir: ir, name: path))
        }
        return handles
    }

    static let sampleProgram = #"""
        #include <string.h>
        #include <stdlib.h>
        struct point { int x, y; double w; };
        static const int table[16] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3};
        int counter;
        int grid[8][8];
        static int square(int v) { return v * v; }
        static inline __attribute__((always_inline)) int twice(int v) { return v + v; }
        typedef int (*op_fn)(int);
        static int inc(int v) { return v + 1; }
        static int dec(int v) { return v - 1; }
        static op_fn ops[2] = {inc, dec};
        int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
        int classify(int c) {
            switch (c) {
            case 0: return 10; case 1: return 20; case 2: return 30; case 3: return 45;
            case 4: return 50; case 5: return 61; case 7: return 77; default: return -1;
            }
        }
        double norm(struct point *p, int n) {
            double total = 0;
            for (int i = 0; i < n; i++) total += p[i].x * p[i].w + p[i].y;
            return total;
        }
        int matrix(void) {
            int sum = 0;
            for (int i = 0; i < 8; i++)
                for (int j = 0; j < 8; j++) { grid[i][j] = i * j + table[(i + j) & 15]; sum += grid[i][j]; }
            for (int i = 0; i < 8; i++)
                for (int j = 0; j < 8; j++) sum ^= grid[j][i] << (i & 3);
            return sum;
        }
        int process(const char *text, int n, int mode) {
            char buffer[64];
            int acc = 0;
            memcpy(buffer, text, n < 64 ? n : 64);
            for (int i = 0; i < n && i < 64; i++) {
                if (mode) acc += square(buffer[i]); else acc -= ops[i & 1](buffer[i]);
                if (acc > 100000) break;
                counter++;
            }
            int *heap = malloc(sizeof(int) * 16);
            if (!heap) return acc;
            for (int i = 0; i < 16; i++) heap[i] = table[i] * twice(i);
            for (int i = 1; i < 16; i++) heap[i] += heap[i - 1];
            acc += heap[15];
            free(heap);
            return acc + classify(mode) + fib(mode + 5) + matrix();
        }
        """#

    static let sampleProgramCxx = #"""
        #include <vector>
        #include <string>
        #include <stdexcept>
        struct Shape { virtual ~Shape() {} virtual int area() const = 0; };
        struct Rect : Shape { int w, h; Rect(int a, int b) : w(a), h(b) {} int area() const override { return w * h; } };
        template <typename T> T accumulate(const std::vector<T> &v) { T t{}; for (const auto &x : v) t += x; return t; }
        int check(int v) { if (v < 0) throw std::runtime_error("negative"); return v * 3; }
        int run(int n) {
            std::vector<int> values;
            for (int i = 0; i < n; ++i) values.push_back(i * i % 7);
            std::string s = "abc";
            for (int i = 0; i < n; ++i) s += char('a' + i % 26);
            Rect r(n, 3);
            const Shape &shape = r;
            int total = accumulate(values) + (int)s.size() + shape.area();
            try { total += check(n - 5); } catch (const std::exception &) { total -= 1; }
            return total;
        }
        """#
}
