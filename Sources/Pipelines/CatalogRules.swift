import Foundation

/// The paper's rules for the searchable catalog, applied to the text of
/// `opt-19 --print-passes`: every `default<...>` pipeline and every
/// transformation pass at module, CGSCC, function and loop level; no
/// analyses (the pass manager adds them), printers, verifiers,
/// instrumentation or sanitizers, and nothing that breaks semantics.
///
/// This is the pure half of the generator; `CatalogGenerator` (Evaluation)
/// then runs each candidate alone on sample modules and drops what crashes.
public enum CatalogRules {
    /// What the rules make of one `--print-passes` text: the candidates to probe, the names left out
    /// with their reasons, and every name listed.
    public struct Candidates: Sendable {
        /// Candidates in print-passes order, with their adaptor. Loop passes
        /// come with `loop(...)`; the prober may switch them to `loop-mssa`.
        public var candidates: [CatalogEntry]
        /// Listed names the rules leave out (analyses included), each once per level, with the rule's reason.
        public var excluded: [ExcludedPass]
        /// Every name print-passes lists (passes and analyses), for validation.
        public var printedNames: [String]
    }

    /// The default pipelines the paper counts as single searchable passes.
    public static let defaultPipelines = [
        "default<O0>", "default<O1>", "default<O2>", "default<O3>", "default<Os>", "default<Oz>",
    ]

    /// Spellings that differ from the bare name. LLVM 19's instcombine aborts
    /// the process on some inputs when it misses its fixpoint; the same
    /// transformation without the check is `instcombine<no-verify-fixpoint>`.
    public static let spellings = ["instcombine": "instcombine<no-verify-fixpoint>"]

    /// Ordered rules: the first that matches excludes the pass, with its reason.
    static let exclusions: [(matches: @Sendable (String) -> Bool, reason: String)] = [
        (
            {
                $0.hasPrefix("print") || $0.hasPrefix("dot-") || $0.hasPrefix("view-")
                    || ["aa-eval", "pa-eval", "instcount", "lint", "count-visits", "helloworld"].contains($0)
            },
            "printer, viewer or statistics utility: transforms nothing"
        ),
        (
            { $0.hasPrefix("verify") || ["check-debugify", "debugify", "trigger-verifier-error"].contains($0) },
            "verifier or debug-info checker: transforms nothing"
        ),
        (
            { $0.hasPrefix("no-op-") || $0.hasPrefix("invalidate") || $0.hasPrefix("require") },
            "pass-manager utility: transforms nothing"
        ),
        ({ $0.hasPrefix("trigger-crash") }, "crashes LLVM on purpose"),
        (
            {
                [
                    "asan", "hwasan", "msan", "tsan", "tsan-module", "dfsan", "nsan", "sancov-module", "sanmd-module",
                    "bounds-checking",
                    "poison-checking", "kcfi", "cross-dso-cfi", "safe-stack", "stack-protector", "cfguard",
                    "lowertypetests", "lower-allow-check",
                    "memprof", "memprof-module", "memprof-use", "memprof-context-disambiguation", "jmc-instrumenter",
                    "ee-instrument",
                ].contains($0)
            },
            "sanitizer or hardening instrumentation: adds checks, changes behaviour on bad input"
        ),
        (
            {
                $0.hasPrefix("pgo-") || $0.hasPrefix("instrprof") || $0.hasPrefix("pseudo-probe")
                    || $0.hasPrefix("ctx-instr")
                    || [
                        "insert-gcov-profiling", "instrorderfile", "sample-profile", "synthetic-counts-propagation",
                        "cg-profile", "inliner-ml-advisor-release",
                    ].contains($0)
            },
            "profiling: instruments code or needs a profile or ML model that is not there"
        ),
        (
            {
                [
                    "internalize", "strip", "strip-nondebug", "rewrite-symbols", "metarenamer", "instnamer",
                    "name-anon-globals", "extract-blocks", "loop-extract",
                    "lower-invoke", "lower-atomic", "function-import", "wholeprogramdevirt", "embed-bitcode",
                    "canonicalize-aliases",
                ].contains($0)
            },
            "changes linkage, symbol names or semantics, or assumes whole-program/LTO context"
        ),
        (
            {
                [
                    "strip-dead-debug-info", "strip-debug-declare", "strip-nonlinetable-debuginfo",
                    "add-discriminators", "declare-to-assign",
                    "redundant-dbg-inst-elim", "annotation2metadata", "annotation-remarks", "transform-warning",
                    "assume-builder",
                ].contains($0)
            },
            "debug-info or remark utility: no effect on code"
        ),
        (
            {
                $0.hasPrefix("hipstdpar") || $0.hasPrefix("dxil") || $0.hasPrefix("amdgpu") || $0.hasPrefix("nvptx")
                    || $0.hasPrefix("objc-arc")
                    || [
                        "structurizecfg", "fix-irreducible", "unify-loop-exits", "infer-address-spaces",
                        "wasm-eh-prepare", "win-eh-prepare",
                        "sjlj-eh-prepare", "openmp-opt", "openmp-opt-postlink", "openmp-opt-cgscc",
                    ].contains($0)
            },
            "for another language, runtime or GPU target: no effect on portable C/C++ code"
        ),
        (
            { ["gvn-sink"].contains($0) },
            "output depends on heap addresses (seen: the same pipeline gives different code in different processes), so a measured list would not reproduce in the user's opt-19 or clang-19"
        ),
        // The sample modules do not trigger it, so probing keeps it; 06_bytecode_vm.c and real code do.
        (
            { ["select-optimize"].contains($0) },
            "segfaults LLVM 19 on some functions (contained in a worker, but a search would spend its budget on crashes)"
        ),
        (
            {
                [
                    "gc-lowering", "shadow-stack-gc-lowering", "place-safepoints", "rewrite-statepoints-for-gc",
                    "strip-gc-relocates",
                ].contains($0)
            },
            "garbage-collector runtime support: no effect on C/C++ code"
        ),
    ]

    /// Applies the rules to the output of `opt-19 --print-passes`: the six `default<...>` pipelines first,
    /// then every module, CGSCC, function and loop(nest) pass no exclusion matches, wrapped in its adaptor
    /// (spelled per `spellings`). Machine passes are listed but never candidates.
    public static func candidates(fromPrintPasses text: String) -> Candidates {
        var candidates: [CatalogEntry] = defaultPipelines.map {
            CatalogEntry(name: $0, level: .module, pipeline: "module(\($0))")
        }
        var excluded: [ExcludedPass] = []
        var printed: [String] = []
        var seen = Set<String>()
        var section = ""
        for rawLine in text.split(separator: "\n") {
            let line = String(rawLine)
            if !line.hasPrefix(" ") {
                section = line.trimmingCharacters(in: .whitespaces).lowercased()
                continue
            }
            let listed = line.trimmingCharacters(in: .whitespaces)
            let parameterised = section.contains("with params")
            // "loop-unroll<O0;O1;...>" lists the parameters; the name is before '<'.
            let name = parameterised ? String(listed.prefix { $0 != "<" }) : listed
            printed.append(name)
            if section.hasPrefix("machine") { continue }
            let level: PassLevel? =
                section.hasPrefix("module passes")
                ? .module
                : section.hasPrefix("cgscc passes")
                    ? .cgscc
                    : section.hasPrefix("function passes")
                        ? .function
                        : (section.hasPrefix("loop passes") || section.hasPrefix("loopnest passes")) ? .loop : nil
            guard let level else {
                if section.contains("analyses"), !seen.contains("analysis:" + name) {
                    seen.insert("analysis:" + name)
                    excluded.append(
                        ExcludedPass(name: name, reason: "analysis: the pass manager schedules analyses itself"))
                }
                continue
            }
            let key = "\(level.rawValue):\(name)"
            guard !seen.contains(key) else { continue }
            seen.insert(key)
            if let rule = exclusions.first(where: { $0.matches(name) }) {
                excluded.append(ExcludedPass(name: name, reason: rule.reason))
                continue
            }
            let spelled = spellings[name] ?? name
            candidates.append(
                CatalogEntry(name: name, level: level, pipeline: wrap(spelled, level: level, memorySSA: false)))
        }
        return Candidates(candidates: candidates, excluded: excluded, printedNames: Array(Set(printed)).sorted())
    }

    /// The pass with the adaptor of its level.
    public static func wrap(_ pass: String, level: PassLevel, memorySSA: Bool) -> String {
        switch level {
        case .module: return "module(\(pass))"
        case .cgscc: return "cgscc(\(pass))"
        case .function: return "function(\(pass))"
        case .loop: return memorySSA ? "function(loop-mssa(\(pass)))" : "function(loop(\(pass)))"
        }
    }

    /// Swift source of `PassCatalog+Generated.swift`.
    public static func render(
        llvmVersion: String, entries: [CatalogEntry], excluded: [ExcludedPass], printedNames: [String],
        clangOzPipeline: String
    ) -> String {
        func quote(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines: [String] = [
            "// swift-format-ignore-file",
            "// GENERATED by `passlab generate-catalog` from `opt-19 --print-passes` (LLVM \(llvmVersion)).",
            "// Do not edit: regenerate with `swift run passlab-core generate-catalog`. A test fails when this is stale.",
            "// \(entries.count) searchable entries; \(excluded.count) listed names excluded, each with the reason.",
            "",
            "extension PassCatalog {",
            "    /// The LLVM version the catalog was generated from.",
            "    public static let llvmVersion = \(quote(llvmVersion))",
            "",
            "    /// The IR pipeline clang-19 -Oz runs (`-mllvm -print-pipeline-passes`). It",
            "    /// differs from opt-19's `default<Oz>` (clang adds slp-vectorizer), so this,",
            "    /// not `module(default<Oz>)`, is exactly what `clang-19 -Oz -c` ships.",
            "    public static let clangOzPipeline = \(quote(clangOzPipeline))",
            "",
            "    /// The searchable passes, each with its adaptor.",
            "    public static let entries: [CatalogEntry] = [",
        ]
        lines += entries.map {
            "        CatalogEntry(name: \(quote($0.name)), level: .\($0.level.rawValue), pipeline: \(quote($0.pipeline))),"
        }
        lines += [
            "    ]", "", "    /// Names print-passes lists that are not searchable, and why.",
            "    public static let excluded: [ExcludedPass] = [",
        ]
        lines += excluded.map { "        ExcludedPass(name: \(quote($0.name)), reason: \(quote($0.reason)))," }
        lines += [
            "    ]", "", "    /// Every pass and analysis name print-passes lists.",
            "    static let printedPassNames: [String] = [",
        ]
        // Eight names a line: the list is long and only read by validation.
        lines += Swift.stride(from: 0, to: printedNames.count, by: 8).map { start in
            "        "
                + printedNames[start..<min(start + 8, printedNames.count)].map { quote($0) + "," }.joined(
                    separator: " ")
        }
        lines += ["    ]", "}", ""]
        return lines.joined(separator: "\n")
    }
}
